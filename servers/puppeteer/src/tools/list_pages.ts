import { Fence } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { pageSummary, summarisePages } from './pages.js';

export const listPages = defineTool({
  name: 'list_pages',
  title: 'List pages',
  description:
    'Use to see the open pages (tabs and popups) with their ids, URLs and titles, and which one is selected.',
  seeAlso: { select_page: 'to switch to one', new_page: 'to open another' },
  input: z.strictObject({}),
  output: z.object({ pages: z.array(pageSummary) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ deps }) {
    await deps.session.current();
    const pages = await summarisePages(deps.session);
    const fence = new Fence();
    const text = pages
      .map(
        (p) =>
          `${p.selected ? '*' : ' '} ${p.pageId} ${fence.inline(p.url)} ${fence.inline(p.title.untrusted)}${p.openerId ? ` (opened by ${p.openerId})` : ''}${p.dialog ? ` [dialog open]` : ''}`
      )
      .join('\n');
    return { text: `${pages.length} page(s), * = selected:\n${text}`, structured: { pages } };
  }
});
