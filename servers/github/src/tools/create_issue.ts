import * as z from 'zod';
import { CREATE, repoArgs } from '../args.js';
import { ownerSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeLine, safeText } from '../text.js';

export const createIssue = defineTool({
  name: 'create_issue',
  title: 'Create issue',
  description: 'Use to open a new issue in a repository, optionally with labels and assignees.',
  input: z.object({
    ...repoArgs,
    title: safeLine({ max: 256, label: 'title' }),
    body: safeText({ max: 65_536, min: 0, label: 'body' }).optional(),
    labels: z
      .array(safeLine({ max: 50, label: 'label' }))
      .max(20)
      .optional(),
    assignees: z.array(ownerSchema).max(10).optional()
  }),
  output: z.object({ number: z.number(), url: z.string() }),
  annotations: CREATE,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'write');
    const created = await deps.github.call(signal).data<any>(
      ROUTES.createIssue,
      {
        owner,
        repo,
        title: args.title,
        ...(args.body ? { body: args.body } : {}),
        ...(args.labels ? { labels: args.labels } : {}),
        ...(args.assignees ? { assignees: args.assignees } : {})
      },
      { target: `new issue in ${owner}/${repo}` }
    );
    return {
      structured: { number: created.number, url: created.html_url },
      text: `Created ${owner}/${repo}#${created.number}: ${created.html_url}`
    };
  }
});
