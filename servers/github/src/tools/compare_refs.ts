import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { filesFromPatches, pageDiff } from '../github/diff.js';
import { refSchema, ROUTES } from '../github/routes.js';
import { diffArgs, diffFooter, diffOutput, diffStructured } from '../diffview.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { commit, commitView } from '../shape.js';

const MAX_COMMITS = 30;

export const compareRefs = defineTool({
  name: 'compare_refs',
  title: 'Compare refs',
  description:
    'Use to see what changed between two branches, tags or SHAs: ahead/behind, commits, and the diff paged by file and hunk.',
  input: z.object({ ...repoArgs, base: refSchema, head: refSchema, ...diffArgs }),
  output: z.object({
    status: z.string(),
    aheadBy: z.number(),
    behindBy: z.number(),
    commits: z.array(commitView),
    moreCommits: z.number().optional(),
    ...diffOutput
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, base, head } = args;
    guardRepo(deps, owner, repo, 'read');
    const data = await deps.github
      .call(signal)
      .data<any>(
        ROUTES.compare,
        { owner, repo, basehead: `${base}...${head}` },
        { target: `${owner}/${repo} ${base}...${head}` }
      );
    const all = (data.commits ?? []) as any[];
    const commits = all.slice(-MAX_COMMITS).map(commit);
    const page = pageDiff(filesFromPatches(data.files ?? []), args);
    const reply = new Reply().line(
      `${base}...${head}: ${data.status}, ${data.ahead_by} ahead, ${data.behind_by} behind, ${page.totalFiles} files changed`
    );
    reply.raw(
      'commit list',
      commits.map((c) => `${c.sha.slice(0, 12)} ${c.author}: ${c.message.untrusted.split('\n')[0]}`).join('\n')
    );
    if (all.length > MAX_COMMITS)
      reply.line(`${all.length - MAX_COMMITS} older commits not shown (list_commits pages them).`);
    reply.raw('diff', page.text);
    reply.line(diffFooter(page));
    return {
      structured: {
        status: data.status,
        aheadBy: data.ahead_by,
        behindBy: data.behind_by,
        commits,
        ...(all.length > MAX_COMMITS ? { moreCommits: all.length - MAX_COMMITS } : {}),
        ...diffStructured(page)
      },
      text: reply.toString()
    };
  }
});
