import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { pathSchema, refSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { commit, commitView, more, pageFields, pageInfo } from '../shape.js';
import { ownerSchema } from '../github/routes.js';

export const listCommits = defineTool({
  name: 'list_commits',
  title: 'List commits',
  description: 'Use to list commits on a branch (newest first), optionally touching one path or by one author.',
  seeAlso: { get_commit: 'for one commit with its diff' },
  input: z.object({
    ...repoArgs,
    ref: refSchema.optional().describe('Default: the default branch.'),
    path: pathSchema.optional(),
    author: ownerSchema.optional(),
    since: z
      .string()
      .max(40)
      .refine((v) => !Number.isNaN(Date.parse(v)), 'since must be an ISO date')
      .optional(),
    ...window(20)
  }),
  output: z.object({ commits: z.array(commitView), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const page = await deps.github.call(signal).page<any>(
      ROUTES.commits,
      {
        owner,
        repo,
        ...(args.ref ? { sha: args.ref } : {}),
        ...(args.path ? { path: args.path } : {}),
        ...(args.author ? { author: args.author } : {}),
        ...(args.since ? { since: args.since } : {})
      },
      args,
      { target: `commits of ${owner}/${repo}` }
    );
    const commits = page.items.map(commit);
    const reply = new Reply();
    reply.raw(
      'commit list',
      commits
        .map((c) => `${c.sha.slice(0, 12)} ${c.date.slice(0, 10)} ${c.author}: ${c.message.untrusted.split('\n')[0]}`)
        .join('\n')
    );
    reply.line(more(args, commits.length, page, 'commits'));
    return { structured: { commits, ...pageInfo(args, commits.length, page) }, text: reply.toString() };
  }
});
