import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackRateLimitedError, SlackUnavailableError } from '../src/slack/errors.js';
import { BOT_TOKEN, USER_TOKEN } from './fake-slack/server.js';
import { domain } from './helpers/domain.js';

let env: Awaited<ReturnType<typeof domain>> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

function expectNoToken(value: unknown): void {
  const text = `${inspect(value, { depth: 10, showHidden: true })} ${JSON.stringify(value)} ${String(value)}`;
  for (const secret of [BOT_TOKEN, USER_TOKEN, 'faketoken', 'Bearer']) expect(text).not.toContain(secret);
}

describe('idempotent posts', () => {
  it('a retried identical post is answered with the first one, not sent twice', async () => {
    env = await domain();
    const first = await env.poster.post(env.ctx, { channel: '#general', text: 'Deploy finished' });
    const second = await env.poster.post(env.ctx, { channel: 'C0GENERAL', text: 'Deploy finished' });
    expect(first.status).toBe('sent');
    expect(second).toMatchObject({ status: 'already_sent', ts: first.ts, channelId: 'C0GENERAL', permalink: first.permalink });
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // Different text, or another thread, is a different post.
    await env.poster.post(env.ctx, { channel: '#general', text: 'Deploy finished!' });
    await env.poster.post(env.ctx, { channel: '#general', text: 'Deploy finished', threadTs: first.ts });
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(env.store.auditLog({ limit: 10 }).entries.map((e) => e.outcome)).toEqual(['sent', 'sent', 'duplicate', 'sent']);
  });

  it('concurrent identical posts send once', async () => {
    env = await domain();
    const results = await Promise.all([1, 2, 3].map(() => env!.poster.post(env!.ctx, { channel: '#general', text: 'same' })));
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(new Set(results.map((r) => r.ts)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual(['already_sent', 'already_sent', 'sent']);
  });

  it('posts again once the window has passed', async () => {
    let now = Date.now();
    env = await domain({}, { now: () => now, duplicateWindowMs: 60_000 });
    await env.poster.post(env.ctx, { channel: '#general', text: 'daily standup' });
    now += 61_000;
    // The store keeps its own clock; the window is measured from the post's created_at.
    env.store.db.prepare('UPDATE posted SET created_at = created_at - 61000').run();
    await env.poster.post(env.ctx, { channel: '#general', text: 'daily standup' });
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('a post Slack accepted stays sent when the permalink call fails', async () => {
    env = await domain();
    env.fake.fault('chat.getPermalink', { kind: 'error', error: 'internal_error' }, 5);
    const result = await env.poster.post(env.ctx, { channel: '#general', text: 'hello' });
    expect(result.status).toBe('sent');
    expect(result.ts).toMatch(/^\d+\.\d+$/);
    expect(result.permalink).toBeUndefined();
    expect(result.note).toMatch(/permalink could not be fetched/);
  });

  it('a post whose answer was lost is found in the history instead of reported failed', async () => {
    env = await domain();
    env.fake.fault('chat.postMessage', { kind: 'lost' });
    const result = await env.poster.post(env.ctx, { channel: '#general', text: 'landed anyway' });
    expect(result.status).toBe('sent');
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(env.fake.state.messages.get('C0GENERAL')!.filter((m) => m.text === 'landed anyway')).toHaveLength(1);
    // And a retry of it is recognised.
    expect((await env.poster.post(env.ctx, { channel: '#general', text: 'landed anyway' })).status).toBe('already_sent');
  });

  it('a write whose request never arrived is not repeated and says the outcome is unknown', async () => {
    env = await domain();
    env.fake.fault('chat.postMessage', { kind: 'reset' });
    const error = await env.poster.post(env.ctx, { channel: '#general', text: 'maybe' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect((error as SlackUnavailableError).hint).toMatch(/may or may not have been sent/);
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(env.store.auditLog({ limit: 1 }).entries[0]!.outcome).toBe('unknown');
    expectNoToken(error);
  });
});

describe('rate limits', () => {
  it('waits out a short Retry-After within the budget', async () => {
    env = await domain({}, { budgetMs: 10_000 });
    env.fake.fault('chat.postMessage', { kind: 'ratelimited', retryAfter: 1 });
    const result = await env.poster.post(env.ctx, { channel: '#general', text: 'after the wait' });
    expect(result.status).toBe('sent');
    expect(env.fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(env.fake.state.messages.get('C0GENERAL')!.filter((m) => m.text === 'after the wait')).toHaveLength(1);
  });

  it('fails at once with when to retry when Slack asks for longer than the budget', async () => {
    env = await domain({}, { budgetMs: 3_000 });
    env.fake.fault('conversations.history', { kind: 'ratelimited', retryAfter: 45 });
    const started = Date.now();
    const error = await env.client.call('conversations.history', { channel: 'C0GENERAL' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(error).toBeInstanceOf(SlackRateLimitedError);
    expect((error as SlackRateLimitedError).retryAfterSeconds).toBe(45);
    expect((error as SlackRateLimitedError).hint).toMatch(/Retry after \d{4}-\d\d-\d\dT.*\(in 45 s\)/);
    expect(env.fake.callsTo('conversations.history')).toHaveLength(1);
    expectNoToken(error);
  });

  it('retries a read after a 5xx or a reset, a bounded number of times', async () => {
    env = await domain();
    env.fake.fault('conversations.history', { kind: 'http', status: 503 });
    env.fake.fault('conversations.history', { kind: 'reset' });
    const result = await env.client.call<{ messages: unknown[] }>('conversations.history', { channel: 'C0GENERAL' });
    expect(result.messages.length).toBeGreaterThan(0);
    env.fake.clearCalls();
    env.fake.fault('users.list', { kind: 'http', status: 500 }, 10);
    await expect(env.client.call('users.list')).rejects.toBeInstanceOf(SlackUnavailableError);
    expect(env.fake.callsTo('users.list')).toHaveLength(4);
  });

  it('honours the caller abort signal while waiting', async () => {
    env = await domain({}, { budgetMs: 30_000 });
    env.fake.fault('users.list', { kind: 'ratelimited', retryAfter: 20 });
    const controller = new AbortController();
    const pending = env.client.call('users.list', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by client')), 300);
    await expect(pending).rejects.toThrow(/cancelled by client/);
  });
});
