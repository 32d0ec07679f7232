import { ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { CHANGE, repoArgs } from '../args.js';
import { branchSchema, numberSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { pull, pullLine, pullView } from '../shape.js';
import { safeLine, safeText } from '../text.js';

export const updatePullRequest = defineTool({
  name: 'update_pull_request',
  title: 'Update pull request',
  description: "Use to change a pull request's title, body, base branch, or to close or reopen it.",
  seeAlso: { merge_pull_request: 'to merge it' },
  input: z.object({
    ...repoArgs,
    pullNumber: numberSchema,
    title: safeLine({ max: 256, label: 'title' }).optional(),
    body: safeText({ max: 65_536, min: 0, label: 'body' }).optional(),
    state: z.enum(['open', 'closed']).optional(),
    base: branchSchema.optional()
  }),
  output: z.object({ pullRequest: pullView }),
  annotations: { ...CHANGE, idempotentHint: true },
  async handler({ args, deps, signal }) {
    const { owner, repo, pullNumber, title, body, state, base } = args;
    guardRepo(deps, owner, repo, 'write');
    const changes = {
      ...(title !== undefined ? { title } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(state ? { state } : {}),
      ...(base ? { base } : {})
    };
    if (!Object.keys(changes).length)
      throw new ToolError('nothing to change', { hint: 'Give at least one of title, body, state, base.' });
    const pr = await deps.github
      .call(signal)
      .data<any>(
        ROUTES.updatePull,
        { owner, repo, pullNumber, ...changes },
        { target: `pull request ${owner}/${repo}#${pullNumber}` }
      );
    const view = pull(pr);
    return { structured: { pullRequest: view }, text: `Updated: ${pullLine(view)}` };
  }
});
