import { ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { CHANGE, repoArgs } from '../args.js';
import { numberSchema, ownerSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { issue, issueLine, issueView } from '../shape.js';
import { safeLine, safeText } from '../text.js';

export const updateIssue = defineTool({
  name: 'update_issue',
  title: 'Update issue',
  description:
    "Use to change an issue's title, body, state, labels or assignees; only the fields you give change (labels and assignees are replaced whole).",
  input: z.object({
    ...repoArgs,
    issueNumber: numberSchema,
    title: safeLine({ max: 256, label: 'title' }).optional(),
    body: safeText({ max: 65_536, min: 0, label: 'body' }).optional(),
    state: z.enum(['open', 'closed']).optional(),
    stateReason: z.enum(['completed', 'not_planned', 'reopened']).optional(),
    labels: z
      .array(safeLine({ max: 50, label: 'label' }))
      .max(20)
      .optional(),
    assignees: z.array(ownerSchema).max(10).optional()
  }),
  output: z.object({ issue: issueView }),
  annotations: { ...CHANGE, idempotentHint: true },
  async handler({ args, deps, signal }) {
    const { owner, repo, issueNumber, title, body, state, stateReason, labels, assignees } = args;
    guardRepo(deps, owner, repo, 'write');
    const changes = {
      ...(title !== undefined ? { title } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(state ? { state } : {}),
      ...(stateReason ? { state_reason: stateReason } : {}),
      ...(labels ? { labels } : {}),
      ...(assignees ? { assignees } : {})
    };
    if (!Object.keys(changes).length)
      throw new ToolError('nothing to change', { hint: 'Give at least one of title, body, state, labels, assignees.' });
    const data = await deps.github
      .call(signal)
      .data<any>(
        ROUTES.updateIssue,
        { owner, repo, issueNumber, ...changes },
        { target: `issue ${owner}/${repo}#${issueNumber}` }
      );
    const view = issue(data);
    return { structured: { issue: view }, text: `Updated: ${issueLine(view)}` };
  }
});
