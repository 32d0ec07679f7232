import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { release, releaseLine, releaseView } from '../release.js';
import { Reply } from '../render.js';

export const getLatestRelease = defineTool({
  name: 'get_latest_release',
  title: 'Get latest release',
  description: 'Use for the latest published (non-draft, non-prerelease) release of a repository, with its notes.',
  input: z.object(repoArgs),
  output: releaseView,
  annotations: READ,
  async handler({ args: { owner, repo }, deps, signal }) {
    guardRepo(deps, owner, repo, 'read');
    const r = await deps.github
      .call(signal)
      .data<any>(ROUTES.latestRelease, { owner, repo }, { target: `latest release of ${owner}/${repo}` });
    const view = release(r, true);
    const reply = new Reply().line(releaseLine(view)).line(view.url);
    reply.block('release notes', r.body);
    return { structured: view, text: reply.toString() };
  }
});
