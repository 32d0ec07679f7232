import * as z from 'zod';
import { CHANGE, repoArgs } from '../args.js';
import { blobSha, contentBytes } from '../github/push.js';
import { branchSchema, pathSchema, ROUTES, shaSchema } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeLine } from '../text.js';

export const createOrUpdateFile = defineTool({
  name: 'create_or_update_file',
  title: 'Create or update file',
  description:
    'Use to write one file as one commit. Updating needs the blob sha you last read; a stale sha is refused, never overwritten.',
  seeAlso: { push_files: 'to change several files in one commit', get_file_contents: 'to read the current sha' },
  input: z.object({
    ...repoArgs,
    path: pathSchema,
    content: z.string().max(10_000_000),
    encoding: z.enum(['utf-8', 'base64']).default('utf-8'),
    message: safeLine({ max: 500, label: 'message' }),
    branch: branchSchema.optional(),
    sha: shaSchema.optional().describe('Blob sha of the file being replaced; omit only to create a new file.')
  }),
  output: z.object({
    path: z.string(),
    commitSha: z.string(),
    blobSha: z.string(),
    bytes: z.number(),
    verified: z.boolean()
  }),
  annotations: CHANGE,
  async handler({ args, deps, signal }) {
    const { owner, repo, path } = args;
    guardRepo(deps, owner, repo, 'write');
    const bytes = contentBytes(args);
    const result = await deps.github.call(signal).data<any>(
      ROUTES.putContents,
      {
        owner,
        repo,
        path,
        message: args.message,
        content: bytes.toString('base64'),
        ...(args.branch ? { branch: args.branch } : {}),
        ...(args.sha ? { sha: args.sha } : {})
      },
      { target: `${owner}/${repo}:${path}` }
    );
    const stored = String(result.content?.sha);
    const verified = stored === blobSha(bytes);
    return {
      structured: { path, commitSha: result.commit.sha, blobSha: stored, bytes: bytes.length, verified },
      text: `${args.sha ? 'Updated' : 'Created'} ${owner}/${repo}:${path} in commit ${result.commit.sha}; blob ${stored}, ${bytes.length} bytes${verified ? ' (matches what was sent)' : " — WARNING: GitHub's blob does not match the content sent"}.`
    };
  }
});
