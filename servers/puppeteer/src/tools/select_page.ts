import * as z from 'zod';
import { defineTool } from '../kit.js';
import { pageIdSchema } from './pages.js';

export const selectPage = defineTool({
  name: 'select_page',
  title: 'Select page',
  description:
    'Use to make another open page the one the other tools act on (page ids like p2, as listed or reported by an action).',
  seeAlso: { list_pages: 'to see the page ids' },
  input: z.strictObject({ pageId: pageIdSchema }),
  output: z.object({ pageId: z.string(), url: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    await deps.session.current();
    const tracked = deps.session.select(args.pageId);
    await tracked.page.bringToFront().catch(() => {});
    return {
      text: `Selected page ${tracked.id} (${tracked.page.url().slice(0, 300)}).`,
      structured: { pageId: tracked.id, url: tracked.page.url() }
    };
  }
});
