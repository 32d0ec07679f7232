import * as z from 'zod';
import { CREATE, repoArgs } from '../args.js';
import { branchSchema, refSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';

export const createBranch = defineTool({
  name: 'create_branch',
  title: 'Create branch',
  description: 'Use to start a new branch from an existing branch, tag or SHA (default: the default branch).',
  input: z.object({
    ...repoArgs,
    branch: branchSchema.describe('New branch name.'),
    from: refSchema.optional().describe('Branch, tag or SHA to start from.')
  }),
  output: z.object({ branch: z.string(), sha: z.string() }),
  annotations: CREATE,
  async handler({ args, deps, signal }) {
    const { owner, repo, branch } = args;
    guardRepo(deps, owner, repo, 'write');
    const gh = deps.github.call(signal);
    const from =
      args.from ??
      (await gh.data<any>(ROUTES.repo, { owner, repo }, { target: `repository ${owner}/${repo}` })).default_branch;
    const sha = /^[0-9a-f]{40}$/i.test(from)
      ? from
      : (await gh.data<any>(ROUTES.commit, { owner, repo, ref: from }, { target: `${owner}/${repo}@${from}` })).sha;
    const created = await gh.data<any>(
      ROUTES.createRef,
      { owner, repo, ref: `refs/heads/${branch}`, sha },
      { target: `branch ${branch}` }
    );
    return {
      structured: { branch, sha: created.object.sha },
      text: `Created ${owner}/${repo} branch ${branch} at ${created.object.sha}.`
    };
  }
});
