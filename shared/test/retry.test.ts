import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  HttpStatusError,
  isRetryableError,
  isRetryableStatus,
  retryAfterMs,
  withRetry,
  type RetryOptions
} from '../src/retry/index.js';
import { sleep } from '../src/retry/retry.js';

const coded = (code: string): Error => Object.assign(new Error(code), { code });

/** Options that never really wait: records each requested delay instead. */
function instant(extra: RetryOptions = {}): RetryOptions & { delays: number[] } {
  const delays: number[] = [];
  return { delays, random: () => 0.5, sleep: async (ms) => void delays.push(ms), ...extra };
}

/** A function that fails with the given errors in order, then resolves 'ok'. */
function failing(...errors: unknown[]): { fn: (attempt: number) => Promise<string>; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    fn: async (attempt) => {
      calls.push(attempt);
      if (calls.length <= errors.length) throw errors[calls.length - 1];
      return 'ok';
    }
  };
}

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('%i is retryable', (s) => expect(isRetryableStatus(s)).toBe(true));
  it.each([200, 301, 400, 401, 403, 404, 409, 422, 501, 600])('%i is not', (s) =>
    expect(isRetryableStatus(s)).toBe(false)
  );
});

describe('isRetryableError', () => {
  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT'
  ])('retries %s, bare and as the cause of fetch failed', (code) => {
    expect(isRetryableError(coded(code))).toBe(true);
    expect(isRetryableError(new TypeError('fetch failed', { cause: coded(code) }))).toBe(true);
  });

  it('looks inside AggregateError (happy-eyeballs connect failures)', () => {
    const agg = new AggregateError([new Error('x'), coded('ECONNREFUSED')], 'connect failed');
    expect(isRetryableError(new TypeError('fetch failed', { cause: agg }))).toBe(true);
  });

  it('does not retry other errors, aborts, or fetch failures with other causes', () => {
    expect(isRetryableError(new Error('boom'))).toBe(false);
    expect(isRetryableError(coded('ENOTFOUND'))).toBe(false);
    expect(isRetryableError(new TypeError('fetch failed', { cause: coded('ERR_INVALID_URL') }))).toBe(false);
    expect(isRetryableError(new DOMException('stop', 'AbortError'))).toBe(false);
    expect(isRetryableError('ECONNRESET')).toBe(false);
    expect(isRetryableError(null)).toBe(false);
  });

  it('retries per-attempt timeouts', () => {
    expect(isRetryableError(new DOMException('slow', 'TimeoutError'))).toBe(true);
  });

  it('classifies HttpStatusError by status, and 403 only when rate-limited', () => {
    expect(isRetryableError(new HttpStatusError(503))).toBe(true);
    expect(isRetryableError(new HttpStatusError(404))).toBe(false);
    expect(isRetryableError(new HttpStatusError(501))).toBe(false);
    expect(isRetryableError(new HttpStatusError(403))).toBe(false);
    expect(isRetryableError(new HttpStatusError(403, { headers: { 'x-ratelimit-remaining': '0' } }))).toBe(true);
    expect(isRetryableError(new HttpStatusError(403, { headers: { 'x-ratelimit-remaining': '12' } }))).toBe(false);
    expect(isRetryableError(new HttpStatusError(403, { headers: { 'retry-after': '60' } }))).toBe(true);
  });

  it('terminates on a cyclic cause chain', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = new Error('b', { cause: a });
    expect(isRetryableError(a)).toBe(false);
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2015-10-21T07:28:00Z');

  it('reads Retry-After delay-seconds', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '120' }))).toBe(120_000);
    expect(retryAfterMs(new Headers({ 'Retry-After': ' 0 ' }))).toBe(0);
  });

  it('reads a Retry-After HTTP-date relative to now, clamping the past to 0', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:05 GMT' }), now)).toBe(5_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:27:00 GMT' }), now)).toBe(0);
  });

  it('ignores garbage', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': '-5' }))).toBeUndefined();
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it('reads a GitHub epoch x-ratelimit-reset when remaining is 0', () => {
    const reset = String(now / 1000 + 42);
    expect(retryAfterMs({ 'x-ratelimit-reset': reset, 'x-ratelimit-remaining': '0' }, now)).toBe(42_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 - 10), 'x-ratelimit-remaining': '0' }, now)).toBe(0);
  });

  it('ignores a reset when quota remains (GitHub sends it on every response)', () => {
    expect(
      retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 42), 'x-ratelimit-remaining': '4999' }, now)
    ).toBeUndefined();
  });

  it('reads small reset values as delta seconds (IETF draft, Slack-like)', () => {
    expect(retryAfterMs({ 'RateLimit-Reset': '30' }, now)).toBe(30_000);
    expect(retryAfterMs({ 'x-ratelimit-reset': '7', 'x-ratelimit-remaining': '0' }, now)).toBe(7_000);
  });

  it('prefers Retry-After, and reads plain records case-insensitively with array values', () => {
    expect(retryAfterMs({ 'Retry-After': ['3', '9'], 'ratelimit-reset': '30' })).toBe(3_000);
    expect(retryAfterMs({ 'retry-after': undefined })).toBeUndefined();
  });
});

describe('withRetry', () => {
  afterEach(() => vi.useRealTimers());

  it('returns the first success and passes the attempt number', async () => {
    const { fn, calls } = failing(coded('ECONNRESET'), new HttpStatusError(503));
    const opts = instant();
    await expect(withRetry(fn, opts)).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3]);
  });

  it('waits with full jitter: random() * min(maxDelay, minDelay * 2^(n-1))', async () => {
    const { fn } = failing(...Array.from({ length: 5 }, () => coded('ETIMEDOUT')));
    const opts = instant({ retries: 5, minDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5 });
    await withRetry(fn, opts);
    expect(opts.delays).toEqual([50, 100, 200, 400, 500]);
  });

  it('throws the last error once retries are used up', async () => {
    const last = coded('ECONNRESET');
    const { fn, calls } = failing(coded('EPIPE'), coded('EPIPE'), last);
    await expect(withRetry(fn, instant({ retries: 2 }))).rejects.toBe(last);
    expect(calls).toHaveLength(3);
  });

  it('does not retry non-retryable errors', async () => {
    const { fn, calls } = failing(new HttpStatusError(404));
    await expect(withRetry(fn, instant())).rejects.toMatchObject({ status: 404 });
    expect(calls).toHaveLength(1);
  });

  it('does not retry at all when idempotent is false', async () => {
    const { fn, calls } = failing(new HttpStatusError(503));
    await expect(withRetry(fn, instant({ idempotent: false }))).rejects.toMatchObject({ status: 503 });
    expect(calls).toHaveLength(1);
  });

  it('uses Retry-After instead of jitter, capped at maxDelayMs', async () => {
    const { fn } = failing(
      new HttpStatusError(429, { headers: { 'retry-after': '2' } }),
      new HttpStatusError(429, { headers: { 'retry-after': '8' } })
    );
    const opts = instant({ maxDelayMs: 5_000, budgetMs: 60_000 });
    await withRetry(fn, opts);
    expect(opts.delays).toEqual([2_000, 5_000]);
  });

  it('gives up at once, without sleeping, when Retry-After exceeds the remaining budget', async () => {
    const err = new HttpStatusError(429, { headers: { 'retry-after': '120' } });
    const { fn, calls } = failing(err);
    const opts = instant({ budgetMs: 30_000 });
    await expect(withRetry(fn, opts)).rejects.toBe(err);
    expect(calls).toHaveLength(1);
    expect(opts.delays).toEqual([]);
  });

  it('counts time already spent against the budget', async () => {
    let clock = 0;
    const { fn, calls } = failing(coded('ECONNRESET'), coded('ECONNRESET'), coded('ECONNRESET'));
    const opts = instant({
      budgetMs: 1_000,
      minDelayMs: 400,
      random: () => 0.99,
      now: () => clock,
      sleep: async (ms) => void (clock += ms)
    });
    // Waits 396 then 792 would end at 1188 > 1000, so the second wait is refused.
    await expect(withRetry(fn, opts)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(calls).toHaveLength(2);
    expect(clock).toBe(396);
  });

  it('reports each retry', async () => {
    const onRetry = vi.fn();
    const { fn } = failing(new HttpStatusError(503), coded('EAI_AGAIN'));
    await withRetry(fn, instant({ onRetry, minDelayMs: 100 }));
    expect(onRetry.mock.calls).toEqual([
      [{ attempt: 1, delayMs: 50, reason: 'HTTP 503' }],
      [{ attempt: 2, delayMs: 100, reason: 'EAI_AGAIN' }]
    ]);
  });

  it('rejects with the abort reason when aborted mid-backoff', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      throw new HttpStatusError(503);
    });
    const p = withRetry(fn, { signal: controller.signal, minDelayMs: 10_000, random: () => 0.9 });
    const settled = expect(p).rejects.toMatchObject({ name: 'AbortError' });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await settled;
    expect(fn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not call fn when already aborted', async () => {
    const fn = vi.fn(async () => 'ok');
    await expect(withRetry(fn, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('sleeps for real with fake timers', async () => {
    vi.useFakeTimers();
    const { fn, calls } = failing(coded('ECONNRESET'));
    const p = withRetry(fn, { minDelayMs: 1_000, random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(p).resolves.toBe('ok');
  });
});

describe('sleep', () => {
  it('rejects immediately on an aborted signal and cleans up on abort', async () => {
    await expect(sleep(10, AbortSignal.abort(new Error('why')))).rejects.toThrow('why');
    const c = new AbortController();
    const p = sleep(60_000, c.signal);
    c.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
