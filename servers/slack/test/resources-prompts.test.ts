import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('slack://channel/{id}', () => {
  it('reads recent history as fenced lines', async () => {
    h = await harness();
    const result = await h.client.readResource({ uri: 'slack://channel/C0GENERAL' });
    const text = (result.contents[0] as { text: string }).text;
    expect(text).toMatch(/^#general \(C0GENERAL\), newest first:\n<untrusted-data id=/);
    expect(text).toContain('@eve: deploy at 5pm');
  });

  it('keeps to --read-channels and validates the id', async () => {
    h = await harness(['--read-channels', '#general']);
    await expect(h.client.readResource({ uri: 'slack://channel/C0SECRET' })).rejects.toThrow(/may not read/);
    await expect(h.client.readResource({ uri: 'slack://channel/not-an-id' })).rejects.toThrow();
    expect(h.fake.callsTo('conversations.history')).toEqual([]);
  });
});

describe('prompts', () => {
  it('summarize_channel and draft_reply name the tools and say not to post unasked', async () => {
    h = await harness();
    const summary = await h.client.getPrompt({ name: 'summarize_channel', arguments: { channel: '#general', hours: '12' } });
    const text = (summary.messages[0]!.content as { text: string }).text;
    expect(text).toMatch(/get_channel_history with channel "#general" and oldest "\d{4}-/);
    expect(text).toMatch(/do not post anything/);
    const draft = await h.client.getPrompt({ name: 'draft_reply', arguments: { channel: '#general', threadTs: '1767225660.000001' } });
    expect((draft.messages[0]!.content as { text: string }).text).toMatch(/only call reply_to_thread after I approve/);
    await expect(h.client.getPrompt({ name: 'draft_reply', arguments: { channel: '#general', threadTs: 'soon' } })).rejects.toThrow();
  });
});
