import * as z from 'zod';
import { READ, window } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { mayRead } from '../guard.js';
import { defineTool } from '../kit.js';
import { more, pageFields, pageInfo, repo, repoLine, repoView } from '../shape.js';
import { safeLine } from '../text.js';

export const searchRepositories = defineTool({
  name: 'search_repositories',
  title: 'Search repositories',
  description:
    'Use to find repositories by words and GitHub qualifiers (user:, org:, language:, stars:>N, topic:), best match first.',
  seeAlso: { get_repository: 'for one repository you can name' },
  input: z.object({
    query: safeLine({ max: 256, label: 'query' }).describe('GitHub search syntax, e.g. "mcp language:go stars:>100".'),
    sort: z.enum(['best', 'stars', 'forks', 'updated']).default('best'),
    ...window(20)
  }),
  output: z.object({ repositories: z.array(repoView), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const page = await deps.github
      .call(signal)
      .page<any>(
        ROUTES.searchRepos,
        { q: args.query, ...(args.sort !== 'best' ? { sort: args.sort, order: 'desc' } : {}) },
        args,
        { target: 'repository search', pick: (d: any) => ({ items: d.items ?? [], total: d.total_count }) }
      );
    const repositories = page.items.filter((r) => mayRead(deps, r.full_name)).map(repo);
    const text = [...repositories.map(repoLine), more(args, page.items.length, page, 'repositories')].join('\n');
    return { structured: { repositories, ...pageInfo(args, page.items.length, page) }, text };
  }
});
