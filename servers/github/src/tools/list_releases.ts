import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { release, releaseLine, releaseView } from '../release.js';
import { Reply } from '../render.js';
import { more, pageFields, pageInfo } from '../shape.js';

export const listReleases = defineTool({
  name: 'list_releases',
  title: 'List releases',
  description: "Use to list a repository's releases, newest first, with asset and download counts.",
  seeAlso: { get_latest_release: 'for the current release with its notes' },
  input: z.object({ ...repoArgs, ...window(20) }),
  output: z.object({ releases: z.array(releaseView), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const page = await deps.github
      .call(signal)
      .page<any>(ROUTES.releases, { owner, repo }, args, { target: `releases of ${owner}/${repo}` });
    const releases = page.items.map((r) => release(r, false));
    const reply = new Reply();
    if (releases.length) reply.raw('release list', releases.map(releaseLine).join('\n'));
    reply.line(more(args, releases.length, page, 'releases'));
    return { structured: { releases, ...pageInfo(args, releases.length, page) }, text: reply.toString() };
  }
});
