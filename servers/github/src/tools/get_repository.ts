import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { repo, repoLine, repoView } from '../shape.js';

export const getRepository = defineTool({
  name: 'get_repository',
  title: 'Get repository',
  description:
    "Use for one repository's facts: stars, forks, open issues, language, licence, default branch, last push.",
  seeAlso: { get_repository_tree: 'for its files' },
  input: z.object(repoArgs),
  output: repoView,
  annotations: READ,
  async handler({ args: { owner, repo: name }, deps, signal }) {
    guardRepo(deps, owner, name, 'read');
    const data = await deps.github
      .call(signal)
      .data<any>(ROUTES.repo, { owner, repo: name }, { target: `repository ${owner}/${name}` });
    const view = repo(data);
    return {
      structured: view,
      text: `${repoLine(view)}\ndefault branch ${view.defaultBranch}${view.topics ? ` · topics ${view.topics.join(', ')}` : ''}`
    };
  }
});
