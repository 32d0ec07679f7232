import * as z from 'zod';
import { defineTool } from '../kit.js';
import { confirmer } from '../confirm.js';
import { actorOf, channelArg, tsArg, WRITE_ENABLED } from './common.js';

export const deleteMessage = defineTool({
  name: 'delete_message',
  title: 'Delete a message',
  description: 'Use to remove a message this server posted earlier; messages by anyone else cannot be deleted.',
  seeAlso: { update_message: 'to correct it instead' },
  input: z.object({ channel: channelArg, ts: tsArg }),
  output: z.object({ channelId: z.string(), ts: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  enabled: WRITE_ENABLED,
  async handler({ args, config, deps, signal, elicit, request }) {
    const result = await deps.poster.remove({ tool: 'delete_message', actor: actorOf(request), signal, confirm: confirmer(config, elicit) }, args);
    return { text: `Deleted ${result.ts} in ${result.channelId}.`, structured: result };
  }
});
