import { afterEach, describe, expect, it } from 'vitest';
import { PolicyConfigError, PolicyError, Policy } from '../src/slack/policy.js';
import { Directory } from '../src/slack/directory.js';
import { SlackClient } from '../src/slack/client.js';
import { BOT_TOKEN, startFakeSlack } from './fake-slack/server.js';
import { seedWorkspace } from './fake-slack/state.js';
import { DEFAULT_SPEC, domain } from './helpers/domain.js';

let env: Awaited<ReturnType<typeof domain>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

// #secret (C0SECRET), the private group, the channel the app is not in, DMs and unknown IDs are
// not in --post-channels (#general, C0RANDOM).
const FORBIDDEN = [
  'C0SECRET', '#secret', 'secret', '#SECRET', 'SECRET', ' C0SECRET ', '<#C0SECRET>', '<#C0SECRET|secret>',
  '<#C0SECRET|general>', 'https://acme.slack.com/archives/C0SECRET/p1767225660000001', 'G0PRIV', '#private-team',
  'C0OUTSIDE', '#outside', 'C0NOPE', '#nope', 'D0ALICE', 'UALICE', '<@UALICE>', '<@UALICE|alice>', '@alice', 'alice',
  'alice@acme.test', 'UBOB', '@bobby', 'general,secret', '#general #secret', 'C0GENERAL\nC0SECRET', ''
];

describe('posting policy: every spelling of a forbidden destination', () => {
  it.each(FORBIDDEN)('refuses %j before any write call', async (spelling) => {
    env ??= await domain();
    env.fake.clearCalls();
    await expect(env.poster.post(env.ctx, { channel: spelling, text: 'hello' })).rejects.toBeInstanceOf(PolicyError);
    const writes = env.fake.calls.filter((c) => c.method.startsWith('chat.') || c.method === 'conversations.open');
    expect(writes).toEqual([]);
  });

  it.each(['C0GENERAL', '#general', 'general', '<#C0GENERAL|general>', '<#C0GENERAL|secret>', 'C0RANDOM', '#random'])(
    'sends %j to the resolved ID only',
    async (spelling) => {
      env ??= await domain();
      env.fake.clearCalls();
      const result = await env.poster.post(env.ctx, { channel: spelling, text: `hi ${spelling}` });
      const posts = env.fake.callsTo('chat.postMessage');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.args.channel).toMatch(/^C0(GENERAL|RANDOM)$/);
      expect(posts[0]!.args.channel).toBe(result.channelId);
      expect(posts[0]!.args).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
    }
  );

  it('refuses replies into threads of forbidden channels', async () => {
    env = await domain();
    const thread = env.fake.state.messages.get('C0SECRET')![0]!.ts;
    await expect(env.poster.post(env.ctx, { channel: 'C0SECRET', threadTs: thread, text: 'psst' })).rejects.toBeInstanceOf(PolicyError);
    await expect(env.poster.post(env.ctx, { channel: '<#C0SECRET|general>', threadTs: thread, text: 'psst' })).rejects.toBeInstanceOf(PolicyError);
    expect(env.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it.each(['<!channel> deploy', '<!here>', '<!everyone> hi', 'ping <!subteam^S0DEVS|@devs>', 'hey @here', '@channel!'])(
    'refuses the mass mention in %j',
    async (text) => {
      env ??= await domain();
      env.fake.clearCalls();
      await expect(env.poster.post(env.ctx, { channel: '#general', text })).rejects.toThrow(/mass mention/);
      expect(env.fake.callsTo('chat.postMessage')).toEqual([]);
    }
  );

  it('refuses reply_broadcast unless allowed, and sends it when allowed', async () => {
    env = await domain();
    const thread = env.fake.state.messages.get('C0GENERAL')![0]!.ts;
    await expect(env.poster.post(env.ctx, { channel: '#general', threadTs: thread, broadcast: true, text: 'x' })).rejects.toThrow(/[Bb]roadcast/);
    expect(env.fake.callsTo('chat.postMessage')).toEqual([]);
    await env.close();
    env = await domain({ allowBroadcast: true, allowMassMentions: true });
    await env.poster.post(env.ctx, { channel: '#general', threadTs: thread, broadcast: true, text: '<!here> x' });
    expect(env.fake.callsTo('chat.postMessage')[0]!.args).toMatchObject({ reply_broadcast: 'true', thread_ts: thread });
  });

  it('opens a DM only when DMs are allowed, and then to the resolved person', async () => {
    env = await domain({ allowDms: true });
    for (const spelling of ['UALICE', '<@UALICE>', '@alice', 'alice@acme.test', 'D0ALICE']) {
      const result = await env.poster.post(env.ctx, { channel: spelling, text: `dm via ${spelling}` });
      expect(result.channelId).toBe('D0ALICE');
    }
    expect(env.fake.callsTo('conversations.open').map((c) => c.args.users)).toEqual(['UALICE', 'UALICE', 'UALICE', 'UALICE']);
    expect(env.fake.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(Array(5).fill('D0ALICE'));
    // DMs on do not open channels.
    await expect(env.poster.post(env.ctx, { channel: '#secret', text: 'x' })).rejects.toBeInstanceOf(PolicyError);
    await expect(env.poster.post(env.ctx, { channel: 'UBOT', text: 'x' })).rejects.toThrow(/bot/);
  });

  it('edits and deletes only messages this server posted', async () => {
    env = await domain();
    const foreign = env.fake.state.messages.get('C0GENERAL')![0]!.ts;
    await expect(env.poster.update(env.ctx, { channel: '#general', ts: foreign, text: 'pwned' })).rejects.toThrow(/not posted by this server/);
    await expect(env.poster.remove(env.ctx, { channel: 'C0GENERAL', ts: foreign })).rejects.toThrow(/not posted by this server/);
    const mine = await env.poster.post(env.ctx, { channel: '#general', text: 'mine' });
    // The same ts in another channel is not ours either.
    await expect(env.poster.remove(env.ctx, { channel: 'C0RANDOM', ts: mine.ts })).rejects.toThrow(/not posted by this server/);
    await env.poster.update(env.ctx, { channel: '<#C0GENERAL>', ts: mine.ts, text: 'mine, edited' });
    await env.poster.remove(env.ctx, { channel: 'general', ts: mine.ts });
    expect(env.fake.callsTo('chat.update').map((c) => c.args.ts)).toEqual([mine.ts]);
    expect(env.fake.callsTo('chat.delete').map((c) => c.args.ts)).toEqual([mine.ts]);
    await expect(env.poster.remove(env.ctx, { channel: 'general', ts: mine.ts })).rejects.toThrow(/not posted by this server/);
    const outcomes = env.store.auditLog({ limit: 50 }).entries.map((e) => e.outcome);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(4);
  });

  it('audits refusals with the tool and a text hash, never the text', async () => {
    env = await domain();
    await expect(env.poster.post({ ...env.ctx, tool: 'post_message' }, { channel: '#secret', text: 'the secret text' })).rejects.toThrow();
    const [entry] = env.store.auditLog({ limit: 1 }).entries;
    expect(entry).toMatchObject({ tool: 'post_message', outcome: 'refused', actor: 'test' });
    expect(entry!.textHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(entry)).not.toContain('the secret text');
  });
});

describe('policy resolution at start fails closed', () => {
  async function resolveWith(postChannels: string[], seed?: (s: import('./fake-slack/state.js').FakeState) => void) {
    const fake = await startFakeSlack({ seed: (s) => { seedWorkspace(s); seed?.(s); } });
    try {
      const directory = new Directory(new SlackClient({ botToken: BOT_TOKEN, apiUrl: fake.url }));
      return await Policy.resolve({ ...DEFAULT_SPEC, postChannels }, directory);
    } finally {
      await fake.close();
    }
  }

  it('resolves names and IDs to IDs', async () => {
    const policy = await resolveWith(['#general', 'random', '<#C0SECRET|x>']);
    expect([...policy.postIds]).toEqual(['C0GENERAL', 'C0RANDOM', 'C0SECRET']);
  });

  it('refuses an unknown name, an unknown ID, an ambiguous name and a person', async () => {
    await expect(resolveWith(['#nope'])).rejects.toThrow(PolicyConfigError);
    await expect(resolveWith(['C0NOPE'])).rejects.toThrow(/C0NOPE: no such channel/);
    await expect(resolveWith(['#dup'], (s) => {
      s.addChannel({ id: 'C0DUP1', name: 'dup', is_channel: true, is_member: true });
      s.addChannel({ id: 'C0DUP2', name: 'dup', is_channel: true, is_member: true });
    })).rejects.toThrow(/ambiguous \(C0DUP1, C0DUP2\)/);
    await expect(resolveWith(['@alice'])).rejects.toThrow(/a person/);
  });
});

describe('read scoping', () => {
  it('reads only listed channels', async () => {
    env = await domain({ readChannels: ['#general'] });
    expect(env.policy.canRead('C0GENERAL')).toBe(true);
    expect(env.policy.canRead('C0SECRET')).toBe(false);
    expect(() => env!.policy.assertReadable('C0SECRET')).toThrow(expect.objectContaining({ hint: expect.stringMatching(/limited reading to #general/) }));
  });
});
