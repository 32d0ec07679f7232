import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { label, more, pageFields, pageInfo } from '../shape.js';

export const listLabels = defineTool({
  name: 'list_labels',
  title: 'List labels',
  description: 'Use to see which labels a repository has before labelling an issue.',
  input: z.object({ ...repoArgs, ...window(50) }),
  output: z.object({
    labels: z.array(z.object({ name: z.string(), description: z.string().optional() })),
    ...pageFields
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const page = await deps.github
      .call(signal)
      .page<any>(ROUTES.labels, { owner, repo }, args, { target: `labels of ${owner}/${repo}` });
    const labels = page.items.map((l) => ({
      name: label(l.name, 50),
      ...(l.description ? { description: label(l.description, 100) } : {})
    }));
    return {
      structured: { labels, ...pageInfo(args, labels.length, page) },
      text: [
        ...labels.map((l) => `${l.name}${l.description ? ` — ${l.description}` : ''}`),
        more(args, labels.length, page, 'labels')
      ].join('\n')
    };
  }
});
