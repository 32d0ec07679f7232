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
  description: 'Use to list one repository\'s issues, newest first, by state, labels or assignee, paged. Pull requests are left out.',
  seeAlso: { search_issues: 'to find issues by text', get_issue: 'for one issue with its comments' },
  input: z.object({
    ...repoArgs,
    state: z.enum(['open', 'closed', 'all']).default('open'),
    labels: z.array(safeLine({ max: 50, label: 'label' })).max(10).optional(),
    assignee: ownerSchema.optional(),
    sort: z.enum(['created', 'updated', 'comments']).default('created'),
    ...window(30)
  }),
  output: z.object({ issues: z.array(issueView), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const page = await deps.github.call(signal).page<any>(
      ROUTES.issues,
      { owner, repo, state: args.state, sort: args.sort, direction: 'desc', ...(args.labels?.length ? { labels: args.labels.join(',') } : {}), ...(args.assignee ? { assignee: args.assignee } : {}) },
      args,
      { target: `issues of ${owner}/${repo}` }
    );
    // The issues endpoint includes pull requests; they have their own tools.
    const issues = page.items.filter((i) => !i.pull_request).map((i) => issue(i));
    const reply = new Reply();
    if (issues.length) reply.raw('issue list', issues.map(issueLine).join('\n'));
    reply.line(more(args, page.items.length, page, 'items') + (issues.length < page.items.length ? ` (${page.items.length - issues.length} pull requests skipped)` : ''));
    return { structured: { issues, ...pageInfo(args, page.items.length, page) }, text: reply.toString() };
  }
});
