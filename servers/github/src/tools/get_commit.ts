import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { filesFromPatches, pageDiff } from '../github/diff.js';
import { refSchema, ROUTES } from '../github/routes.js';
import { diffArgs, diffFooter, diffOutput, diffStructured } from '../diffview.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { commit, commitView } from '../shape.js';

export const getCommit = defineTool({
  name: 'get_commit',
  title: 'Get commit',
  description: 'Use for one commit: message, author, stats and its diff, paged by file and hunk within maxBytes.',
  seeAlso: { compare_refs: 'for the changes between two refs' },
  input: z.object({ ...repoArgs, ref: refSchema.describe('Commit SHA, branch or tag.'), ...diffArgs }),
  output: z.object({
    commit: commitView,
    parents: z.array(z.string()),
    additions: z.number(),
    deletions: z.number(),
    ...diffOutput
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, ref } = args;
    guardRepo(deps, owner, repo, 'read');
    const data = await deps.github
      .call(signal)
      .data<any>(ROUTES.commit, { owner, repo, ref }, { target: `commit ${owner}/${repo}@${ref}` });
    const view = commit(data);
    const page = pageDiff(filesFromPatches(data.files ?? []), args);
    const reply = new Reply().line(
      `${view.sha} by ${view.author} ${view.date} (+${data.stats?.additions ?? 0} -${data.stats?.deletions ?? 0}, ${page.totalFiles} files)`
    );
    reply.raw('commit message', view.message.untrusted);
    reply.raw('diff', page.text);
    reply.line(diffFooter(page));
    return {
      structured: {
        commit: view,
        parents: (data.parents ?? []).map((p: any) => p.sha),
        additions: data.stats?.additions ?? 0,
        deletions: data.stats?.deletions ?? 0,
        ...diffStructured(page)
      },
      text: reply.toString()
    };
  }
});
