import * as z from 'zod';
import { defineResource } from '../kit.js';
import { messageLine } from '../output.js';
import { Fence } from '../text.js';

export const channelResource = defineResource({
  name: 'channel',
  title: 'Slack channel (recent history)',
  description: 'The 50 most recent messages of one channel the server may read, one line each.',
  mimeType: 'text/plain',
  uriTemplate: 'slack://channel/{id}',
  variables: z.object({ id: z.string().regex(/^[CGD][A-Z0-9]{2,30}$/, 'a channel ID like C0123456789') }),
  async read({ variables, deps, signal }) {
    const reader = await deps.reader();
    const { channel, messages } = await reader.history({ channel: variables.id, limit: 50, signal });
    const lines = messages.map((m) => messageLine(m)).join('\n');
    return {
      text: `${channel.name ? `#${channel.name}` : channel.id} (${channel.id}), newest first:\n${new Fence().block(`slack messages in ${channel.id}`, lines || '(no messages)')}`
    };
  }
});
