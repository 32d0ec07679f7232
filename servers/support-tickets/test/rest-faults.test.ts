import { memoryLogger } from '@mcp-catalog/shared/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TicketError } from '../src/tickets/errors.js';
import { RestTicketBackend } from '../src/tickets/rest-backend.js';
import { FakeHelpdesk } from './helpers/fake-helpdesk.js';

let helpdesk: FakeHelpdesk;
let backend: RestTicketBackend;
let logs: ReturnType<typeof memoryLogger>;

beforeEach(async () => {
  helpdesk = await FakeHelpdesk.start();
  logs = memoryLogger();
  backend = new RestTicketBackend({
    baseUrl: helpdesk.url,
    apiKey: helpdesk.apiKey,
    timeoutMs: 300,
    retry: { minDelayMs: 5, maxDelayMs: 2_000, budgetMs: 5_000 },
    logger: logs.logger
  });
});
afterEach(() => helpdesk.close());

async function failure(promise: Promise<unknown>): Promise<TicketError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(TicketError);
  return error as TicketError;
}

describe('REST backend against a misbehaving helpdesk', () => {
  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    helpdesk.inject({ status: 429, retryAfter: '1' });
    const ticket = await backend.getTicket(1001);
    expect(ticket.id).toBe(1001);
    const [first, second] = helpdesk.requests;
    expect(helpdesk.requests).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    expect(logs.lines().find((l) => l.msg === 'helpdesk API retry')).toMatchObject({
      reason: 'HTTP 429',
      delayMs: 1000
    });
  });

  it('gives up at once when Retry-After is beyond its budget, saying how long to wait', async () => {
    helpdesk.inject({ status: 429, retryAfter: '120' });
    const error = await failure(backend.getTicket(1001));
    expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 120 } });
    expect(helpdesk.requests).toHaveLength(1);
  });

  it('retries 5xx answers and succeeds when the helpdesk recovers', async () => {
    helpdesk.inject({ status: 500 }, { status: 503 });
    expect((await backend.searchTickets({ text: 'refund' }, { limit: 5 })).items.length).toBeGreaterThan(0);
    expect(helpdesk.requests).toHaveLength(3);
  });

  it('reports a helpdesk that keeps failing as unavailable after a bounded number of attempts', async () => {
    helpdesk.inject(...Array.from({ length: 10 }, () => ({ status: 502 })));
    const error = await failure(backend.getTicket(1001));
    expect(error.code).toBe('unavailable');
    expect(helpdesk.requests).toHaveLength(4);
  });

  it('times out a slow answer and retries it', async () => {
    helpdesk.inject({ delayMs: 1_000 });
    expect((await backend.getTicket(1002)).id).toBe(1002);
    expect(helpdesk.requests).toHaveLength(2);
  });

  it('retries a read whose connection was reset', async () => {
    helpdesk.inject({ reset: 'before' });
    expect((await backend.listAgents()).length).toBe(5);
    expect(helpdesk.requests).toHaveLength(2);
  });

  it('retries a write whose answer was lost with the same Idempotency-Key, so it happens once', async () => {
    const before = await backend.getTicket(1001);
    helpdesk.requests.length = 0;
    helpdesk.inject({ reset: 'after', method: 'POST' });
    const comment = await backend.addComment(1001, { body: 'exactly once', public: false, authorName: 'Bot' });
    expect(comment.body).toBe('exactly once');
    const posts = helpdesk.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.idempotencyKey).toBe(posts[0]!.idempotencyKey);
    expect((await backend.getTicket(1001)).commentCount).toBe(before.commentCount + 1);
  });

  it('retries a PATCH after a 503 with the same key, and gives each write its own key', async () => {
    helpdesk.inject({ status: 503, method: 'PATCH' });
    await backend.updateTicket(1001, { addTags: ['retried'] });
    await backend.updateTicket(1001, { addTags: ['second'] });
    const patches = helpdesk.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.idempotencyKey)).toEqual([
      patches[0]!.idempotencyKey,
      patches[0]!.idempotencyKey,
      patches[2]!.idempotencyKey
    ]);
    expect(patches[2]!.idempotencyKey).not.toBe(patches[0]!.idempotencyKey);
    expect((await backend.getTicket(1001)).tags).toEqual(expect.arrayContaining(['retried', 'second']));
  });

  it('does not retry answers that will not change: 401, 404, 409', async () => {
    const wrongKey = new RestTicketBackend({ baseUrl: helpdesk.url, apiKey: 'wrong-key-000', timeoutMs: 300 });
    expect((await failure(wrongKey.getTicket(1001))).code).toBe('unauthorized');
    expect((await failure(backend.getTicket(424242))).code).toBe('not_found');
    const invalid = await failure(backend.updateTicket(1004, { status: 'pending' }));
    expect(invalid).toMatchObject({ code: 'invalid_transition', details: { allowed: ['open'] } });
    expect(helpdesk.requests).toHaveLength(3);
  });

  it('refuses answers that are not what the API documents', async () => {
    helpdesk.inject({ rawBody: 'this is not json' });
    expect((await failure(backend.getTicket(1001))).code).toBe('bad_response');
    helpdesk.inject({ rawBody: JSON.stringify({ ticket: { id: 'one', subject: 5 } }) });
    const shape = await failure(backend.getTicket(1001));
    expect(shape.code).toBe('bad_response');
    expect(shape.message).toMatch(/ticket\.id/);
  });

  it.each([
    [
      'POST',
      (b: RestTicketBackend) => b.addComment(1001, { body: 'Card ends 4242', public: false, authorName: 'Bot' })
    ],
    ['GET', (b: RestTicketBackend) => b.getTicket(1001)]
  ] as const)('follows no redirect, so ticket data goes only to the configured API (%s)', async (method, request) => {
    const elsewhere = await FakeHelpdesk.start({ seed: false });
    try {
      helpdesk.inject({ status: 307, location: `${elsewhere.url}/collect`, method });
      const error = await failure(request(backend));
      expect(error.code).toBe('bad_response');
      expect(error.message).toMatch(/redirect \(HTTP 307\) to http:\/\/127\.0\.0\.1:\d+; it follows none/);
      expect(elsewhere.requests).toEqual([]);
      expect(helpdesk.requests).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses an answer larger than its limit instead of buffering it', { timeout: 90_000 }, async () => {
    // A 12 MB body against the 8 MiB cap. The body deadline is generous so that only the size cap can end this
    // read on a loaded machine (with the suite's 300 ms deadline the timeout sometimes won the race instead).
    const patient = new RestTicketBackend({ baseUrl: helpdesk.url, apiKey: helpdesk.apiKey, timeoutMs: 60_000 });
    helpdesk.inject({ rawBody: `{"agents":[${'"x",'.repeat(3_000_000)}"x"]}` });
    const error = await failure(patient.listAgents());
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/response larger than 8388608 bytes/);
    expect(error.message).not.toMatch(/within/);
  });

  it('reports an unreachable helpdesk without hanging', async () => {
    const url = helpdesk.url;
    await helpdesk.close();
    const gone = new RestTicketBackend({
      baseUrl: url,
      apiKey: 'k'.repeat(10),
      timeoutMs: 300,
      retry: { minDelayMs: 5, retries: 2 }
    });
    const error = await failure(gone.getTicket(1001));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/ECONNREFUSED/);
    helpdesk = await FakeHelpdesk.start({ seed: false });
  });

  it('stops when the caller cancels, even mid-wait', async () => {
    helpdesk.inject({ delayMs: 5_000 });
    const controller = new AbortController();
    const started = Date.now();
    const pending = backend.getTicket(1001, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('never writes the API key into its logs', async () => {
    helpdesk.inject({ status: 500 });
    await backend.getTicket(1001);
    expect(logs.lines().length).toBeGreaterThan(0);
    expect(JSON.stringify(logs.lines())).not.toContain(helpdesk.apiKey);
  });
});
