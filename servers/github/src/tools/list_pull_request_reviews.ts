import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { numberSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { more, pageFields, pageInfo, prose } from '../shape.js';

const body = z.object({ untrusted: z.string() });

export const listPullRequestReviews = defineTool({
  name: 'list_pull_request_reviews',
  title: 'List pull request reviews',
  description:
    "Use to read a pull request's reviews (approve / changes requested / comment) and, with comments: true, its line comments.",
  input: z.object({
    ...repoArgs,
    pullNumber: numberSchema,
    comments: z.boolean().default(false).describe('List line comments instead of reviews.'),
    ...window(30)
  }),
  output: z.object({
    reviews: z
      .array(
        z.object({
          id: z.number(),
          author: z.string(),
          state: z.string(),
          submittedAt: z.string().optional(),
          commitSha: z.string().optional(),
          body: body.optional(),
          withheld: z.boolean().optional()
        })
      )
      .optional(),
    comments: z
      .array(
        z.object({
          id: z.number(),
          author: z.string(),
          path: z.string(),
          line: z.number().optional(),
          body: body.optional(),
          withheld: z.boolean().optional()
        })
      )
      .optional(),
    ...pageFields
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, pullNumber } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const target = `${owner}/${repo}#${pullNumber}`;
    const route = args.comments ? ROUTES.pullReviewComments : ROUTES.pullReviews;
    const page = await gh.page<any>(route, { owner, repo, pullNumber }, args, {
      target: `${args.comments ? 'review comments' : 'reviews'} of ${target}`
    });
    const reply = new Reply();
    const items = [];
    for (const r of page.items) {
      const show = await deps.lockdown.mayShow(gh, owner, repo, r.user?.login, r.author_association);
      const author = r.user?.login ?? 'ghost';
      const text = show ? { body: prose(r.body) } : { withheld: true };
      if (args.comments) {
        items.push({ id: r.id, author, path: String(r.path), ...(r.line ? { line: r.line } : {}), ...text });
        reply.line(`— ${author} on ${r.path}${r.line ? `:${r.line}` : ''} (comment ${r.id})`);
      } else {
        items.push({
          id: r.id,
          author,
          state: r.state,
          ...(r.submitted_at ? { submittedAt: r.submitted_at } : {}),
          ...(r.commit_id ? { commitSha: r.commit_id } : {}),
          ...text
        });
        reply.line(`— ${author} ${r.state}${r.submitted_at ? ` ${String(r.submitted_at).slice(0, 10)}` : ''}`);
      }
      if (show && r.body) reply.block(args.comments ? 'review comment' : 'review', r.body);
      else if (!show) reply.line('[withheld: --lockdown]');
    }
    reply.line(more(args, items.length, page, args.comments ? 'comments' : 'reviews'));
    return {
      structured: {
        ...(args.comments ? { comments: items as never } : { reviews: items as never }),
        ...pageInfo(args, items.length, page)
      },
      text: reply.toString()
    };
  }
});
