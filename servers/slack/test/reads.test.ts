import { afterEach, describe, expect, it } from 'vitest';
import { Reader } from '../src/slack/reads.js';
import { messageLine } from '../src/output.js';
import { domain } from './helpers/domain.js';

let env: Awaited<ReturnType<typeof domain>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function reader(readChannels: string[] = []) {
  env = await domain({ readChannels });
  return new Reader(env);
}

describe('reads', () => {
  it('renders history with names, ISO times, ts and reply counts', async () => {
    const r = await reader();
    const { messages, channel } = await r.history({ channel: '#general', limit: 10 });
    expect(channel.id).toBe('C0GENERAL');
    const lines = messages.map((m) => messageLine(m));
    expect(lines.at(-1)).toMatch(
      /^2026-01-01T00:01:00Z ts=1767225660\.000001 @alice: Welcome @bobby to #random! See the wiki \(https:\/\/acme\.test\/wiki\) \[1 reply\]$/
    );
    expect(messages.some((m) => m.text === 'thanks!')).toBe(false);
    const thread = await r.replies({ channel: 'C0GENERAL', threadTs: messages.at(-1)!.ts, limit: 10 });
    expect(thread.messages.map((m) => m.text)).toEqual([expect.stringContaining('Welcome'), 'thanks!']);
  });

  it('keeps history, replies and permalinks inside --read-channels', async () => {
    const r = await reader(['#general']);
    for (const spelling of ['#secret', 'C0SECRET', '<#C0SECRET|general>', 'secret']) {
      await expect(r.history({ channel: spelling, limit: 5 })).rejects.toThrow(/may not read/);
      await expect(r.replies({ channel: spelling, threadTs: '1.0', limit: 5 })).rejects.toThrow(/may not read/);
      await expect(r.permalink(spelling, '1.0')).rejects.toThrow(/may not read/);
    }
    expect(env!.fake.callsTo('conversations.history')).toEqual([]);
    expect(env!.fake.callsTo('conversations.replies')).toEqual([]);
  });

  it('search results outside the read scope are dropped, whatever the query says', async () => {
    const r = await reader(['#general']);
    for (const query of ['deploy', 'deploy in:#secret', 'deploy in:<#C0SECRET>', 'deploy from:@eve', 'in:#random deploy']) {
      const result = await r.search({ query, page: 1, count: 20 });
      expect(result.messages.every((m) => m.channelId === 'C0GENERAL')).toBe(true);
    }
    const wide = await r.search({ query: 'deploy', page: 1, count: 20 });
    expect(wide.hiddenByScope).toBe(2);
    await expect(r.search({ query: 'deploy', channel: '#secret', page: 1, count: 20 })).rejects.toThrow(/may not read/);
    const scoped = await r.search({ query: 'deploy', channel: '#general', fromUser: '@eve', after: '2025-12-31', page: 1, count: 20 });
    expect(env!.fake.callsTo('search.messages').at(-1)!.args.query).toBe('deploy in:<#C0GENERAL> from:<@UEVE> after:2025-12-31');
    expect(scoped.messages.map((m) => m.text)).toEqual(['deploy at 5pm']);
  });

  it('finds users by handle, display name, real name and email', async () => {
    const r = await reader();
    expect((await r.findUsers({ query: 'bobby', limit: 5 })).map((u) => u.id)).toEqual(['UBOB']);
    expect((await r.findUsers({ query: 'Liddell', limit: 5 })).map((u) => u.id)).toEqual(['UALICE']);
    expect((await r.findUsers({ query: 'bob@acme.test', limit: 5 })).map((u) => u.id)).toEqual(['UBOB']);
    expect(await r.findUsers({ query: 'nobody@acme.test', limit: 5 })).toEqual([]);
    expect((await r.profile('@alice')).email).toBe('alice@acme.test');
  });
});
