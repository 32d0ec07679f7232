import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, USER_TOKEN } from './fake-slack/server.js';
import { harness, type Harness } from './helpers/harness.js';

/*
 * The policy-bypass suite through the real host: each write tool, each spelling of a forbidden
 * destination. The assertion is on what reached "Slack": no write method was called at all.
 */
const FORBIDDEN = [
  'C0SECRET', '#secret', 'secret', '#SECRET', '<#C0SECRET>', '<#C0SECRET|general>', 'https://acme.slack.com/archives/C0SECRET',
  'G0PRIV', 'C0OUTSIDE', 'D0ALICE', 'UALICE', '<@UALICE>', '@alice', 'alice@acme.test', 'C0NOPE', '#general,#secret'
];
const WRITE_METHODS = /^(chat\.|reactions\.|conversations\.open)/;

let h: Harness;
beforeAll(async () => {
  h = await harness(['--post-channels', '#general,C0RANDOM']);
});
afterAll(async () => h.close());

function writes() {
  return h.fake.calls.filter((c) => WRITE_METHODS.test(c.method) && c.method !== 'chat.getPermalink' && c.method !== 'chat.scheduledMessages.list');
}

describe('policy bypass attempts', () => {
  const secretTs = () => h.fake.state.messages.get('C0SECRET')![0]!.ts;
  const calls: [string, (channel: string) => Record<string, unknown>][] = [
    ['post_message', (channel) => ({ channel, text: 'exfil' })],
    ['reply_to_thread', (channel) => ({ channel, threadTs: secretTs(), text: 'exfil' })],
    ['add_reaction', (channel) => ({ channel, ts: secretTs(), emoji: 'eyes' })],
    ['schedule_message', (channel) => ({ channel, text: 'later', postAt: new Date(Date.now() + 3_600_000).toISOString() })],
    ['update_message', (channel) => ({ channel, ts: secretTs(), text: 'edited' })],
    ['delete_message', (channel) => ({ channel, ts: secretTs() })]
  ];
  for (const [tool, args] of calls) {
    it.each(FORBIDDEN)(`${tool} to %j is refused before any write`, async (spelling) => {
      h.fake.clearCalls();
      const r = await h.call(tool, args(spelling));
      expect(r.isError).toBe(true);
      expect(writes()).toEqual([]);
    });
  }

  it('edits and deletes of messages the server did not post in an allowed channel are refused', async () => {
    h.fake.clearCalls();
    const foreign = h.fake.state.messages.get('C0GENERAL')![0]!.ts;
    expect((await h.call('update_message', { channel: '#general', ts: foreign, text: 'x' })).text).toMatch(/not posted by this server/);
    expect((await h.call('delete_message', { channel: 'C0GENERAL', ts: foreign })).text).toMatch(/not posted by this server/);
    expect(writes()).toEqual([]);
  });

  it.each(['<!channel> hi', '<!here>', '<!everyone>', '<!subteam^S01|@oncall> wake up', 'cc @here'])('mass mention %j is refused', async (text) => {
    h.fake.clearCalls();
    const r = await h.call('post_message', { channel: '#general', text });
    expect(r.isError).toBe(true);
    expect(writes()).toEqual([]);
  });

  it('broadcast replies are refused unless the operator allowed them', async () => {
    h.fake.clearCalls();
    const thread = h.fake.state.messages.get('C0GENERAL')![0]!.ts;
    const r = await h.call('reply_to_thread', { channel: '#general', threadTs: thread, text: 'fyi', broadcast: true });
    expect(r.isError).toBe(true);
    expect(writes()).toEqual([]);
  });

  it('a channel argument cannot carry extra Slack parameters', async () => {
    h.fake.clearCalls();
    const r = await h.call('post_message', { channel: 'C0GENERAL', text: 'hi', reply_broadcast: true, as_user: true });
    expect(r.isError).toBe(true);
    expect(writes()).toEqual([]);
  });
});

describe('no token in any result or log', () => {
  it('error paths do not echo a token', async () => {
    const faults: [string, Parameters<Harness['fake']['fault']>[1]][] = [
      ['conversations.history', { kind: 'error', error: 'invalid_auth' }],
      ['conversations.history', { kind: 'http', status: 500 }],
      ['conversations.history', { kind: 'reset' }],
      ['conversations.history', { kind: 'ratelimited', retryAfter: 120 }],
      ['chat.postMessage', { kind: 'reset' }],
      ['chat.postMessage', { kind: 'error', error: 'missing_scope', extra: { needed: 'chat:write', provided: 'channels:read' } }]
    ];
    for (const [method, fault] of faults) {
      h.fake.fault(method, fault, 5);
      const r = method === 'chat.postMessage'
        ? await h.call('post_message', { channel: '#general', text: `t ${Math.random()}` })
        : await h.call('get_channel_history', { channel: '#general' });
      expect(r.isError).toBe(true);
      for (const secret of [BOT_TOKEN, USER_TOKEN, 'faketoken', 'Bearer']) {
        expect(r.text).not.toContain(secret);
        expect(JSON.stringify(r.structured ?? null)).not.toContain(secret);
      }
      h.fake.clearFaults();
    }
  });
});
