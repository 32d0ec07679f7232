import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { branchSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { more, pageFields, pageInfo, pull, pullLine, pullView } from '../shape.js';

export const listPullRequests = defineTool({
  name: 'list_pull_requests',
  title: 'List pull requests',
  description: "Use to list one repository's pull requests by state or base branch, newest first, paged.",
  seeAlso: { get_pull_request: 'for one pull request', search_issues: 'to find pull requests by text (is:pr)' },
  input: z.object({
    ...repoArgs,
    state: z.enum(['open', 'closed', 'all']).default('open'),
    base: branchSchema.optional(),
    ...window(30)
  }),
  output: z.object({ pullRequests: z.array(pullView), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const page = await gh.page<any>(
      ROUTES.pulls,
      { owner, repo, state: args.state, ...(args.base ? { base: args.base } : {}) },
      args,
      {
        target: `pull requests of ${owner}/${repo}`
      }
    );
    const pullRequests = [];
    for (const p of page.items) {
      const view = pull(p);
      view.title = await deps.lockdown.title(gh, owner, repo, p, view.title);
      pullRequests.push(view);
    }
    const reply = new Reply();
    if (pullRequests.length) reply.raw('pull request list', pullRequests.map(pullLine).join('\n'));
    reply.line(more(args, pullRequests.length, page, 'pull requests'));
    return { structured: { pullRequests, ...pageInfo(args, pullRequests.length, page) }, text: reply.toString() };
  }
});
