import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { ownerSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { issue, issueLine, issueView, more, pageFields, pageInfo } from '../shape.js';
import { safeLine } from '../text.js';

export const listIssues = defineTool({
  name: 'list_issues',
  title: 'List issues',
  description:
    "Use to list one repository's issues, newest first, by state, labels or assignee, paged. Pull requests are left out.",
  seeAlso: { search_issues: 'to find issues by text', get_issue: 'for one issue with its comments' },
  input: z.object({
    ...repoArgs,
    state: z.enum(['open', 'closed', 'all']).default('open'),
    labels: z
      .array(safeLine({ max: 50, label: 'label' }))
      .max(10)
      .optional(),
    assignee: ownerSchema.optional(),
    sort: z.enum(['created', 'updated', 'comments']).default('created'),
    ...window(30)
  }),
  output: z.object({ issues: z.array(issueView), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const params = {
      owner,
      repo,
      state: args.state,
      sort: args.sort,
      direction: 'desc',
      ...(args.labels?.length ? { labels: args.labels.join(',') } : {}),
      ...(args.assignee ? { assignee: args.assignee } : {})
    };
    // The issues endpoint mixes in pull requests (they have their own tools): skip them and read
    // on, at most three windows, so a page holds `limit` issues when the repository has them.
    const issues: ReturnType<typeof issue>[] = [];
    let consumed = 0;
    let skipped = 0;
    let page = { items: [] as any[], hasMore: true };
    for (let round = 0; round < 3 && issues.length < args.limit && page.hasMore; round++) {
      page = await gh.page<any>(
        ROUTES.issues,
        params,
        { offset: args.offset + consumed, limit: args.limit - issues.length },
        { target: `issues of ${owner}/${repo}` }
      );
      consumed += page.items.length;
      for (const i of page.items) {
        if (i.pull_request) skipped++;
        else {
          const view = issue(i);
          view.title = await deps.lockdown.title(gh, owner, repo, i, view.title);
          issues.push(view);
        }
      }
    }
    const reply = new Reply();
    if (issues.length) reply.raw('issue list', issues.map(issueLine).join('\n'));
    reply.line(more(args, consumed, page, 'items') + (skipped ? ` (${skipped} pull requests skipped)` : ''));
    return { structured: { issues, ...pageInfo(args, consumed, page) }, text: reply.toString() };
  }
});
