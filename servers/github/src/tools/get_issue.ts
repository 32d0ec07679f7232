import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { numberSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { commentView, issue, issueLine, issueView, more, pageFields, pageInfo, prose } from '../shape.js';

export const getIssue = defineTool({
  name: 'get_issue',
  title: 'Get issue',
  description: 'Use for one issue: its body and its comments, oldest first, paged (offset/limit page the comments).',
  seeAlso: { add_issue_comment: 'to reply', get_pull_request: 'when the number is a pull request' },
  input: z.object({ ...repoArgs, issueNumber: numberSchema, ...window(20) }),
  output: z.object({
    issue: issueView,
    body: z.object({ untrusted: z.string() }).optional(),
    withheld: z.boolean().optional(),
    comments: z.array(commentView),
    ...pageFields
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, issueNumber } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const target = `${owner}/${repo}#${issueNumber}`;
    const data = await gh.data<any>(ROUTES.issue, { owner, repo, issueNumber }, { target: `issue ${target}` });
    const view = issue(data);
    const page = view.comments
      ? await gh.page<any>(ROUTES.issueComments, { owner, repo, issueNumber }, args, {
          target: `comments of ${target}`
        })
      : { items: [], hasMore: false, total: 0 };
    const showBody = await deps.lockdown.mayShow(gh, owner, repo, data.user?.login, data.author_association);
    const comments = [];
    const reply = new Reply().line(issueLine(view));
    if (showBody) reply.block('issue body', data.body);
    else reply.line('[body withheld: --lockdown, author has no push access]');
    for (const c of page.items) {
      const show = await deps.lockdown.mayShow(gh, owner, repo, c.user?.login, c.author_association);
      comments.push({
        id: c.id,
        author: c.user?.login ?? 'ghost',
        createdAt: c.created_at,
        ...(show ? { body: prose(c.body) } : { withheld: true })
      });
      reply.line(`— comment ${c.id} by ${c.user?.login ?? 'ghost'} ${String(c.created_at).slice(0, 10)}`);
      if (show) reply.block('comment', c.body);
      else reply.line('[withheld: --lockdown]');
    }
    if (view.comments) reply.line(more(args, page.items.length, { ...page, total: view.comments }, 'comments'));
    return {
      structured: {
        issue: view,
        ...(showBody ? { body: prose(data.body) } : { withheld: true }),
        comments,
        ...pageInfo(args, page.items.length, { ...page, total: view.comments })
      },
      text: reply.toString()
    };
  }
});
