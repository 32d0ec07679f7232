import * as z from 'zod';
import { defineTool } from '../kit.js';
import { pageIdSchema } from './pages.js';

export const closePage = defineTool({
  name: 'close_page',
  title: 'Close page',
  description:
    'Use to close an open page (tab or popup) by id; another page becomes selected when it was the selected one.',
  seeAlso: { list_pages: 'to see the page ids' },
  input: z.strictObject({ pageId: pageIdSchema }),
  output: z.object({ closed: z.string(), selected: z.string().nullable() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler({ args, deps }) {
    await deps.session.current();
    await deps.session.closePage(args.pageId);
    const selected = deps.session.selectedId ?? null;
    return {
      text: `Closed page ${args.pageId}. ${selected ? `Page ${selected} is selected.` : 'No page is open; the next tool call opens one.'}`,
      structured: { closed: args.pageId, selected }
    };
  }
});
