import { ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { CHANGE, repoArgs } from '../args.js';
import { pushFiles } from '../github/push.js';
import { branchSchema, pathSchema, shaSchema } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeText } from '../text.js';

const file = z.object({
  path: pathSchema,
  content: z.string().max(5_000_000).optional(),
  encoding: z.enum(['utf-8', 'base64']).default('utf-8').describe('base64 for binary files.'),
  delete: z.boolean().default(false)
});

export const pushFilesTool = defineTool({
  name: 'push_files',
  title: 'Push files',
  description:
    'Use to commit several file additions, updates and deletions as one commit on a branch. Fast-forward only: expectedHeadSha must be the branch head you read; if it moved, nothing is written.',
  seeAlso: { list_branches: 'for the current head SHA' },
  input: z.object({
    ...repoArgs,
    branch: branchSchema,
    expectedHeadSha: shaSchema,
    message: safeText({ max: 5000, label: 'message' }),
    files: z.array(file).min(1).max(100)
  }),
  output: z.object({
    commitSha: z.string(),
    previousHeadSha: z.string(),
    files: z.array(
      z.object({ path: z.string(), action: z.string(), blobSha: z.string().optional(), bytes: z.number().optional() })
    )
  }),
  annotations: CHANGE,
  async handler({ args, deps, signal }) {
    const { owner, repo, branch } = args;
    guardRepo(deps, owner, repo, 'write');
    const seen = new Set<string>();
    for (const f of args.files) {
      if (seen.has(f.path))
        throw new ToolError(`files lists ${f.path} twice`, { argument: 'files', hint: 'Give each path once.' });
      seen.add(f.path);
      if (!f.delete && f.content === undefined)
        throw new ToolError(`files entry ${f.path} has no content`, {
          argument: 'files',
          hint: 'Give content, or delete: true to remove the file.'
        });
    }
    const result = await pushFiles(deps.github.call(signal), {
      owner,
      repo,
      branch,
      expectedHeadSha: args.expectedHeadSha,
      message: args.message,
      files: args.files
    });
    const lines = result.files.map((f) =>
      f.action === 'deleted' ? `- ${f.path}` : `+ ${f.path} blob ${f.blobSha} ${f.bytes} B (verified)`
    );
    return {
      structured: { commitSha: result.commitSha, previousHeadSha: result.previousHeadSha, files: result.files },
      text: `Pushed commit ${result.commitSha} to ${owner}/${repo} ${branch} (fast-forward from ${result.previousHeadSha}):\n${lines.join('\n')}`
    };
  }
});
