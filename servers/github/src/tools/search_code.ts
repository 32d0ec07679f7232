import * as z from 'zod';
import { READ, window } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { mayRead } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { more, pageFields, pageInfo } from '../shape.js';
import { safeLine } from '../text.js';

export const searchCode = defineTool({
  name: 'search_code',
  title: 'Search code',
  description:
    'Use to find where code is written across repositories (default branches): words plus repo:, org:, path:, language: qualifiers.',
  seeAlso: { get_file_contents: 'to read a hit' },
  input: z.object({
    query: safeLine({ max: 256, label: 'query' }).describe('e.g. "createServer repo:octo/app language:ts".'),
    ...window(20)
  }),
  output: z.object({
    hits: z.array(z.object({ repo: z.string(), path: z.string(), sha: z.string(), fragment: z.string().optional() })),
    hiddenByAllowList: z.number().optional(),
    ...pageFields
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const page = await deps.github.call(signal).page<any>(ROUTES.searchCode, { q: args.query }, args, {
      target: 'code search',
      format: 'text-match',
      pick: (d: any) => ({ items: d.items ?? [], total: d.total_count })
    });
    const all = page.items.map((h) => ({
      repo: String(h.repository?.full_name),
      path: String(h.path),
      sha: String(h.sha),
      ...(h.text_matches?.[0]?.fragment ? { fragment: String(h.text_matches[0].fragment).slice(0, 300) } : {})
    }));
    const hits = all.filter((h) => mayRead(deps, h.repo));
    const hidden = all.length - hits.length;
    const reply = new Reply();
    if (hits.length)
      reply.raw(
        'code search hits',
        hits
          .map((h) => `${h.repo}:${h.path}${h.fragment ? `\n    ${h.fragment.replace(/\s+/g, ' ').trim()}` : ''}`)
          .join('\n')
      );
    reply.line(
      more(args, all.length, page, 'hits') +
        (hidden ? ` ${hidden} from repositories outside --allowed-repos hidden.` : '')
    );
    return {
      structured: { hits, ...(hidden ? { hiddenByAllowList: hidden } : {}), ...pageInfo(args, all.length, page) },
      text: reply.toString()
    };
  }
});
