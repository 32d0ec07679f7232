import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { more, pageFields, pageInfo } from '../shape.js';

export const listContributors = defineTool({
  name: 'list_contributors',
  title: 'List contributors',
  description: 'Use to see who contributes most to a repository: logins ranked by commit count.',
  input: z.object({ ...repoArgs, ...window(10) }),
  output: z.object({
    contributors: z.array(z.object({ login: z.string(), commits: z.number(), bot: z.boolean().optional() })),
    ...pageFields
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const page = await deps.github
      .call(signal)
      .page<any>(ROUTES.contributors, { owner, repo }, args, { target: `contributors of ${owner}/${repo}` });
    const contributors = page.items.map((c) => ({
      login: String(c.login ?? c.name ?? 'anonymous'),
      commits: c.contributions ?? 0,
      ...(c.type === 'Bot' || /\[bot\]$|^dependabot$/.test(String(c.login)) ? { bot: true } : {})
    }));
    const text = [
      ...contributors.map((c, i) => `${args.offset + i + 1}. ${c.login} ${c.commits} commits${c.bot ? ' (bot)' : ''}`),
      more(args, contributors.length, page, 'contributors')
    ].join('\n');
    return { structured: { contributors, ...pageInfo(args, contributors.length, page) }, text };
  }
});
