import { ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { CREATE, repoArgs } from '../args.js';
import { numberSchema, pathSchema, ROUTES, shaSchema } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeText } from '../text.js';

export const createPullRequestReview = defineTool({
  name: 'create_pull_request_review',
  title: 'Review pull request',
  description:
    'Use to submit a review: comment, approve or request changes, optionally with comments on lines of the diff.',
  seeAlso: { add_issue_comment: 'for a plain conversation comment' },
  input: z.object({
    ...repoArgs,
    pullNumber: numberSchema,
    event: z.enum(['COMMENT', 'APPROVE', 'REQUEST_CHANGES']),
    body: safeText({ max: 65_536, min: 0, label: 'body' }).optional(),
    commitSha: shaSchema.optional().describe('Head SHA you reviewed; GitHub attaches the review to it.'),
    comments: z
      .array(
        z.object({
          path: pathSchema,
          line: z.number().int().min(1),
          side: z.enum(['LEFT', 'RIGHT']).default('RIGHT'),
          body: safeText({ max: 65_536, label: 'comment body' })
        })
      )
      .max(50)
      .optional()
  }),
  output: z.object({ id: z.number(), state: z.string(), url: z.string() }),
  annotations: CREATE,
  async handler({ args, deps, signal }) {
    const { owner, repo, pullNumber } = args;
    guardRepo(deps, owner, repo, 'write');
    if (args.event === 'REQUEST_CHANGES' && !args.body)
      throw new ToolError('REQUEST_CHANGES needs a body', { argument: 'body', hint: 'Say what must change.' });
    const review = await deps.github.call(signal).data<any>(
      ROUTES.createReview,
      {
        owner,
        repo,
        pullNumber,
        event: args.event,
        ...(args.body ? { body: args.body } : {}),
        ...(args.commitSha ? { commit_id: args.commitSha } : {}),
        ...(args.comments ? { comments: args.comments } : {})
      },
      { target: `review of ${owner}/${repo}#${pullNumber}` }
    );
    return {
      structured: { id: review.id, state: review.state, url: review.html_url },
      text: `Review ${review.id} ${review.state} on ${owner}/${repo}#${pullNumber}${args.comments?.length ? ` with ${args.comments.length} line comments` : ''}: ${review.html_url}`
    };
  }
});
