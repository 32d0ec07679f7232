import * as z from 'zod';
import { CREATE, repoArgs } from '../args.js';
import { ownerSchema, repoSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';

export const forkRepository = defineTool({
  name: 'fork_repository',
  title: 'Fork repository',
  description:
    'Use to fork a repository into your account or an organisation. GitHub creates forks asynchronously; it may take a moment to fill.',
  input: z.object({
    ...repoArgs,
    organization: ownerSchema.optional(),
    name: repoSchema.optional().describe('Name for the fork.')
  }),
  output: z.object({ fullName: z.string(), defaultBranch: z.string() }),
  annotations: CREATE,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    if (args.organization) guardRepo(deps, args.organization, args.name ?? repo, 'write');
    const fork = await deps.github.call(signal).data<any>(
      ROUTES.forks,
      {
        owner,
        repo,
        ...(args.organization ? { organization: args.organization } : {}),
        ...(args.name ? { name: args.name } : {})
      },
      { target: `fork of ${owner}/${repo}` }
    );
    if (!args.organization) guardRepo(deps, fork.owner?.login ?? '', fork.name ?? '', 'write');
    return {
      structured: { fullName: fork.full_name, defaultBranch: fork.default_branch },
      text: `Forking ${owner}/${repo} to ${fork.full_name} (GitHub finishes the copy in the background).`
    };
  }
});
