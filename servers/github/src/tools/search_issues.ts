import * as z from 'zod';
import { READ, window } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { mayRead } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { issue, issueLine, issueView, more, pageFields, pageInfo } from '../shape.js';
import { safeLine } from '../text.js';

export const searchIssues = defineTool({
  name: 'search_issues',
  title: 'Search issues and pull requests',
  description:
    'Use to find issues or pull requests by text and qualifiers across repositories (repo:, is:pr, is:open, author:, label:).',
  seeAlso: { list_issues: "to list one repository's issues" },
  input: z.object({
    query: safeLine({ max: 256, label: 'query' }).describe('GitHub search syntax, e.g. "crash repo:octo/app is:open".'),
    sort: z.enum(['best', 'created', 'updated', 'comments']).default('best'),
    ...window(20)
  }),
  output: z.object({ issues: z.array(issueView), hiddenByAllowList: z.number().optional(), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const page = await deps.github
      .call(signal)
      .page<any>(
        ROUTES.searchIssues,
        { q: args.query, ...(args.sort !== 'best' ? { sort: args.sort, order: 'desc' } : {}) },
        args,
        { target: 'issue search', pick: (d: any) => ({ items: d.items ?? [], total: d.total_count }) }
      );
    const all = page.items.map((i) => issue(i, true));
    const issues = all.filter((i) => mayRead(deps, i.repo ?? ''));
    const hidden = all.length - issues.length;
    const reply = new Reply();
    if (issues.length) reply.raw('search results', issues.map(issueLine).join('\n'));
    reply.line(
      more(args, all.length, page, 'results') +
        (hidden ? ` ${hidden} from repositories outside --allowed-repos hidden.` : '')
    );
    return {
      structured: { issues, ...(hidden ? { hiddenByAllowList: hidden } : {}), ...pageInfo(args, all.length, page) },
      text: reply.toString()
    };
  }
});
