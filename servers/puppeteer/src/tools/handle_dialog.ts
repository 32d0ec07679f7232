import { Fence, untrusted } from '@mcp-catalog/shared';
import * as z from 'zod';
import { BrowserError } from '../browser/errors.js';
import { defineTool } from '../kit.js';
import { activePage } from './common.js';

export const handleDialog = defineTool({
  name: 'handle_dialog',
  title: 'Handle dialog',
  description:
    'Use when an action result says a dialog (alert, confirm, prompt, beforeunload) is open: accepts or dismisses it, with text for a prompt.',
  input: z.strictObject({
    accept: z.boolean().describe('true = OK, false = Cancel.'),
    promptText: z.string().max(10_000).optional().describe('Answer for a prompt dialog.')
  }),
  output: z.object({
    pageId: z.string(),
    type: z.string(),
    message: z.object({ untrusted: z.string() }),
    accepted: z.boolean()
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ args, deps }) {
    const tracked = await activePage(deps.session, { allowDialog: true });
    const open = tracked.dialog;
    if (!open) throw new BrowserError(`No dialog is open on page ${tracked.id}.`);
    tracked.dialog = undefined;
    if (args.accept) await open.dialog.accept(args.promptText);
    else await open.dialog.dismiss();
    const fence = new Fence();
    return {
      text: `${args.accept ? 'Accepted' : 'Dismissed'} the ${open.type} dialog ${fence.inline(open.message)}.`,
      structured: { pageId: tracked.id, type: open.type, message: untrusted(open.message), accepted: args.accept }
    };
  }
});
