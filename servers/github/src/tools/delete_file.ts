import * as z from 'zod';
import { CHANGE, repoArgs } from '../args.js';
import { branchSchema, pathSchema, ROUTES, shaSchema } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeLine } from '../text.js';

export const deleteFile = defineTool({
  name: 'delete_file',
  title: 'Delete file',
  description:
    'Use to delete one file as one commit; needs the blob sha you last read, so a changed file is not deleted blind.',
  input: z.object({
    ...repoArgs,
    path: pathSchema,
    sha: shaSchema,
    message: safeLine({ max: 500, label: 'message' }),
    branch: branchSchema.optional()
  }),
  output: z.object({ path: z.string(), commitSha: z.string() }),
  annotations: { ...CHANGE, idempotentHint: true },
  async handler({ args, deps, signal }) {
    const { owner, repo, path } = args;
    guardRepo(deps, owner, repo, 'write');
    const result = await deps.github
      .call(signal)
      .data<any>(
        ROUTES.deleteContents,
        { owner, repo, path, message: args.message, sha: args.sha, ...(args.branch ? { branch: args.branch } : {}) },
        { target: `${owner}/${repo}:${path}` }
      );
    return {
      structured: { path, commitSha: result.commit.sha },
      text: `Deleted ${owner}/${repo}:${path} in commit ${result.commit.sha}.`
    };
  }
});
