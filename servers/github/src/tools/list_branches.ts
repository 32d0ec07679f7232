import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { label, more, pageFields, pageInfo } from '../shape.js';

export const listBranches = defineTool({
  name: 'list_branches',
  title: 'List branches',
  description: "Use to list a repository's branches with their head SHAs (what branch writes check against).",
  input: z.object({ ...repoArgs, ...window(30) }),
  output: z.object({
    branches: z.array(z.object({ name: z.string(), sha: z.string(), protected: z.boolean() })),
    ...pageFields
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const page = await deps.github
      .call(signal)
      .page<any>(ROUTES.branches, { owner, repo }, args, { target: `branches of ${owner}/${repo}` });
    const branches = page.items.map((b) => ({
      name: label(String(b.name), 255),
      sha: String(b.commit?.sha),
      protected: !!b.protected
    }));
    const text = [
      ...branches.map((b) => `${b.name} ${b.sha}${b.protected ? ' (protected)' : ''}`),
      more(args, branches.length, page, 'branches')
    ].join('\n');
    return { structured: { branches, ...pageInfo(args, branches.length, page) }, text };
  }
});
