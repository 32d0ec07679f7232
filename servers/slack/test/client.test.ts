import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackClient, checkTokens, parseApiUrl, tokenKind } from '../src/slack/client.js';
import { SlackApiError } from '../src/slack/errors.js';
import { BOT_TOKEN, USER_TOKEN, startFakeSlack, type FakeSlack } from './fake-slack/server.js';
import { seedWorkspace } from './fake-slack/state.js';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('tokens', () => {
  it('names a user token put where a bot token belongs, without echoing it', () => {
    const token = 'xoxp-9999-secretvalue';
    const error = (() => {
      try {
        checkTokens(token, undefined);
      } catch (e) {
        return e as Error & { hint?: string };
      }
    })();
    expect(error?.message).toBe('SLACK_BOT_TOKEN holds a user token (xoxp-), not a bot token (xoxb-).');
    expect(error?.hint).toMatch(/SLACK_USER_TOKEN/);
    expect(inspect(error)).not.toContain('secretvalue');
  });

  it('checks each kind', () => {
    expect(tokenKind('xoxb-1')).toBe('bot');
    expect(tokenKind('xoxc-1')).toBe('browser');
    expect(() => checkTokens(undefined, undefined)).toThrow(/SLACK_BOT_TOKEN is not set/);
    expect(() => checkTokens('xoxc-abc', undefined)).toThrow(/browser session token/);
    expect(() => checkTokens(BOT_TOKEN, BOT_TOKEN)).toThrow(/SLACK_USER_TOKEN holds a bot token/);
    expect(() => checkTokens(BOT_TOKEN, USER_TOKEN)).not.toThrow();
  });
});

describe('SLACK_API_URL', () => {
  it.each(['http://127.0.0.1:9/api/', 'http://[::1]:9/api/', 'http://localhost:9/api', 'https://slack.com/api/', undefined])('accepts %s', (url) => {
    expect(parseApiUrl(url)).toMatch(/\/$/);
  });
  it.each(['http://slack.com/api/', 'http://10.0.0.1/api/', 'http://169.254.169.254/', 'ftp://x/', 'https://u:p@slack.com/api/', 'not a url'])(
    'refuses %s (checked, never contacted)',
    (url) => expect(() => parseApiUrl(url)).toThrow()
  );
});

describe('SlackClient against the fake', () => {
  it('sends the token only as a header to the configured base, and maps missing_scope to what to add', async () => {
    fake = await startFakeSlack({ seed: seedWorkspace });
    const client = new SlackClient({ botToken: BOT_TOKEN, userToken: USER_TOKEN, apiUrl: fake.url });
    const auth = await client.call('auth.test');
    expect(auth).toMatchObject({ user_id: 'UBOT' });
    expect(fake.calls[0]).toMatchObject({ method: 'auth.test', tokenKind: 'bot', args: {} });

    const error = await client.call('search.messages', { query: 'deploy' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackApiError);
    expect((error as SlackApiError).message).toBe('The bot token (SLACK_BOT_TOKEN) lacks the scope search:read that search.messages needs.');
    expect((error as SlackApiError).hint).toMatch(/Search needs a user token: set SLACK_USER_TOKEN/);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('faketoken');

    const found = await client.call<{ messages: { total: number } }>('search.messages', { query: 'deploy' }, { as: 'user' });
    expect(found.messages.total).toBeGreaterThan(0);
    expect(fake.callsTo('search.messages').map((c) => c.tokenKind)).toEqual(['bot', 'user']);
  });

  it('maps not_in_channel, channel_not_found and invalid_auth to actionable text without the token', async () => {
    fake = await startFakeSlack({ seed: seedWorkspace });
    const client = new SlackClient({ botToken: BOT_TOKEN, apiUrl: fake.url });
    const outside = await client.call('conversations.history', { channel: 'C0OUTSIDE' }).catch((e: SlackApiError) => e);
    expect(outside).toMatchObject({ code: 'not_in_channel', hint: expect.stringMatching(/[Ii]nvite the app/) });
    const missing = await client.call('conversations.history', { channel: 'C0NOPE' }).catch((e: SlackApiError) => e);
    expect(missing).toMatchObject({ code: 'channel_not_found' });
    const wrong = new SlackClient({ botToken: 'xoxb-not-known-secretish', apiUrl: fake.url });
    const rejected = await wrong.call('auth.test').catch((e: SlackApiError) => e);
    expect(rejected.message).toBe('Slack rejected the bot token (SLACK_BOT_TOKEN) (invalid_auth).');
    for (const e of [outside, missing, rejected]) expect(inspect(e, { depth: 10, showHidden: true })).not.toMatch(/xoxb-|faketoken|secretish/);
  });

  it('cannot be pointed at another host by a method name', async () => {
    fake = await startFakeSlack({ seed: seedWorkspace });
    const client = new SlackClient({ botToken: BOT_TOKEN, apiUrl: fake.url });
    // Not a SlackMethod at the type level; at run time allowAbsoluteUrls:false keeps it on the base URL.
    const error = await client.call('http://127.0.0.2:1/steal' as never).catch((e: unknown) => e);
    expect(error).toBeDefined();
    expect(fake.calls).toEqual([]);
  });
});
