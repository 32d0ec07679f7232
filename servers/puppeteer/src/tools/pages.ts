import * as z from 'zod';
import { untrusted } from '@mcp-catalog/shared';
import type { BrowserSession } from '../browser/session.js';

export const pageIdSchema = z.string().regex(/^p\d{1,6}$/, 'pageId looks like p1 (from list_pages)');

export const pageSummary = z.object({
  pageId: z.string(),
  url: z.string(),
  title: z.object({ untrusted: z.string() }),
  selected: z.boolean(),
  openerId: z.string().optional(),
  dialog: z.string().optional()
});

export async function summarisePages(session: BrowserSession) {
  return Promise.all(
    session.list().map(async (p) => ({
      pageId: p.id,
      url: p.page.url(),
      title: untrusted(p.dialog ? '' : (await p.page.title().catch(() => '')).slice(0, 200)),
      selected: p.id === session.selectedId,
      ...(p.openerId ? { openerId: p.openerId } : {}),
      ...(p.dialog ? { dialog: `${p.dialog.type}: ${p.dialog.message.slice(0, 200)}` } : {})
    }))
  );
}
