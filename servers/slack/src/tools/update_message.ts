import * as z from 'zod';
import { defineTool } from '../kit.js';
import { confirmer } from '../confirm.js';
import { actorOf, channelArg, textArg, tsArg, WRITE_ENABLED } from './common.js';

export const updateMessage = defineTool({
  name: 'update_message',
  title: 'Edit a message',
  description: 'Use to correct the text of a message this server posted earlier; messages by anyone else cannot be changed.',
  seeAlso: { delete_message: 'to remove it', get_audit_log: 'to find what this server posted' },
  input: z.object({ channel: channelArg, ts: tsArg, text: textArg.describe('The new text, replacing the old.') }),
  output: z.object({ channelId: z.string(), ts: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  enabled: WRITE_ENABLED,
  async handler({ args, config, deps, signal, elicit, request }) {
    const result = await deps.poster.update({ tool: 'update_message', actor: actorOf(request), signal, confirm: confirmer(config, elicit, args.text) }, args);
    return { text: `Edited ${result.ts} in ${result.channelId}.`, structured: result };
  }
});
