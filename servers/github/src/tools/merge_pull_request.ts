import * as z from 'zod';
import { CHANGE, repoArgs } from '../args.js';
import { numberSchema, ROUTES, shaSchema } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeLine, safeText } from '../text.js';

export const mergePullRequest = defineTool({
  name: 'merge_pull_request',
  title: 'Merge pull request',
  description:
    'Use to merge a pull request you reviewed. headSha must be the head you reviewed; if anyone pushed since, GitHub refuses and nothing merges.',
  seeAlso: { get_pull_request: 'for the head SHA' },
  input: z.object({
    ...repoArgs,
    pullNumber: numberSchema,
    headSha: shaSchema,
    method: z.enum(['merge', 'squash', 'rebase']).default('merge'),
    commitTitle: safeLine({ max: 256, label: 'commitTitle' }).optional(),
    commitMessage: safeText({ max: 65_536, min: 0, label: 'commitMessage' }).optional()
  }),
  output: z.object({ merged: z.boolean(), sha: z.string() }),
  annotations: { ...CHANGE, idempotentHint: true },
  async handler({ args, deps, signal }) {
    const { owner, repo, pullNumber } = args;
    guardRepo(deps, owner, repo, 'write');
    const result = await deps.github.call(signal).data<any>(
      ROUTES.mergePull,
      {
        owner,
        repo,
        pullNumber,
        sha: args.headSha,
        merge_method: args.method,
        ...(args.commitTitle ? { commit_title: args.commitTitle } : {}),
        ...(args.commitMessage ? { commit_message: args.commitMessage } : {})
      },
      { target: `pull request ${owner}/${repo}#${pullNumber}` }
    );
    return {
      structured: { merged: !!result.merged, sha: result.sha },
      text: `Merged ${owner}/${repo}#${pullNumber} (${args.method}) at head ${args.headSha}: commit ${result.sha}.`
    };
  }
});
