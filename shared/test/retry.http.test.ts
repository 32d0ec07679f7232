import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchWithRetry, type RetryOptions } from '../src/retry/index.js';

// Each route sees its own 1-based hit count, so a test can script
// "fail, fail, succeed" without shared state between tests.
type Route = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

let server: Server;
let base: string;
let routes: Map<string, Route>;
let hits: Map<string, number>;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const route = routes.get(path);
    if (!route) return void res.writeHead(404).end();
    route(req, res, hit);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  routes = new Map();
  hits = new Map();
});

const reply = (res: ServerResponse, status: number, headers: Record<string, string> = {}): void =>
  void res.writeHead(status, headers).end(String(status));

/** Retry options that record waits instead of sleeping (the requests are real). */
function fast(extra: RetryOptions = {}): RetryOptions & { delays: number[] } {
  const delays: number[] = [];
  return { delays, random: () => 0.5, minDelayMs: 10, sleep: async (ms) => void delays.push(ms), ...extra };
}

describe('fetchWithRetry against a local server', () => {
  it('honours Retry-After on 429, then returns the 200', async () => {
    routes.set('/r', (_q, res, n) => (n === 1 ? reply(res, 429, { 'Retry-After': '1' }) : reply(res, 200)));
    const retry = fast();
    const res = await fetchWithRetry(`${base}/r`, { retry });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('200');
    expect(retry.delays).toEqual([1_000]);
  });

  it('really waits for Retry-After with the default sleep', async () => {
    routes.set('/r', (_q, res, n) => (n === 1 ? reply(res, 429, { 'Retry-After': '1' }) : reply(res, 200)));
    const started = Date.now();
    const res = await fetchWithRetry(`${base}/r`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('retries 503 twice, then returns the 200', async () => {
    routes.set('/r', (_q, res, n) => reply(res, n <= 2 ? 503 : 200));
    const res = await fetchWithRetry(`${base}/r`, { retry: fast() });
    expect(res.status).toBe(200);
    expect(hits.get('/r')).toBe(3);
  });

  it('returns the last 503 with its body once retries are exhausted', async () => {
    routes.set('/r', (_q, res) => reply(res, 503));
    const res = await fetchWithRetry(`${base}/r`, { retry: fast({ retries: 2 }) });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('503');
    expect(hits.get('/r')).toBe(3);
  });

  it('returns 501 without retrying', async () => {
    routes.set('/r', (_q, res) => reply(res, 501));
    const res = await fetchWithRetry(`${base}/r`, { retry: fast() });
    expect(res.status).toBe(501);
    expect(hits.get('/r')).toBe(1);
  });

  it('retries after the server resets the socket', async () => {
    routes.set('/r', (req, res, n) => (n === 1 ? req.socket.destroy() : reply(res, 200)));
    const reasons: string[] = [];
    const res = await fetchWithRetry(`${base}/r`, { retry: fast({ onRetry: (i) => reasons.push(i.reason) }) });
    expect(res.status).toBe(200);
    expect(hits.get('/r')).toBe(2);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
  });

  it('retries a connection refused, then rejects with the network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const reasons: string[] = [];
    await expect(
      fetchWithRetry(`http://127.0.0.1:${port}/`, {
        retry: fast({ retries: 2, onRetry: (i) => reasons.push(i.reason) })
      })
    ).rejects.toThrow('fetch failed');
    expect(reasons).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('times out a hung attempt and retries', async () => {
    routes.set('/r', (_q, res, n) => (n === 1 ? undefined : reply(res, 200)));
    const res = await fetchWithRetry(`${base}/r`, { timeoutMs: 200, retry: fast() });
    expect(res.status).toBe(200);
    expect(hits.get('/r')).toBe(2);
  });

  describe('non-idempotent requests', () => {
    beforeEach(() => routes.set('/r', (_q, res, n) => reply(res, n === 1 ? 503 : 200)));

    it('sends a POST once and returns its 503', async () => {
      const res = await fetchWithRetry(`${base}/r`, { method: 'POST', body: 'x', retry: fast() });
      expect(res.status).toBe(503);
      expect(hits.get('/r')).toBe(1);
    });

    it('sends a PATCH once, and a lower-case post once', async () => {
      const res = await fetchWithRetry(`${base}/r`, { method: 'PATCH', body: 'x', retry: fast() });
      expect(res.status).toBe(503);
      expect(hits.get('/r')).toBe(1);
      hits.clear();
      expect((await fetchWithRetry(`${base}/r`, { method: 'post', body: 'x', retry: fast() })).status).toBe(503);
      expect(hits.get('/r')).toBe(1);
    });

    it('retries a POST marked idempotent', async () => {
      const res = await fetchWithRetry(`${base}/r`, { method: 'POST', body: 'x', retry: fast({ idempotent: true }) });
      expect(res.status).toBe(200);
      expect(hits.get('/r')).toBe(2);
    });

    it('retries a POST carrying an Idempotency-Key', async () => {
      const res = await fetchWithRetry(`${base}/r`, {
        method: 'POST',
        body: 'x',
        headers: { 'Idempotency-Key': 'k-1' },
        retry: fast()
      });
      expect(res.status).toBe(200);
      expect(hits.get('/r')).toBe(2);
    });

    it('retries PUT and DELETE (idempotent by definition)', async () => {
      expect((await fetchWithRetry(`${base}/r`, { method: 'PUT', body: 'x', retry: fast() })).status).toBe(200);
    });
  });

  it('rejects promptly with AbortError when aborted mid-backoff', async () => {
    routes.set('/r', (_q, res) => reply(res, 503));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await expect(
      fetchWithRetry(`${base}/r`, { signal: controller.signal, retry: { minDelayMs: 10_000, random: () => 0.9 } })
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(hits.get('/r')).toBe(1);
  });

  it('gives up without sleeping when Retry-After exceeds the budget', async () => {
    routes.set('/r', (_q, res) => reply(res, 429, { 'Retry-After': '120' }));
    const retry = fast({ budgetMs: 5_000 });
    const started = Date.now();
    const res = await fetchWithRetry(`${base}/r`, { retry });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('120');
    expect(retry.delays).toEqual([]);
    expect(hits.get('/r')).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  describe('server-directed waits', () => {
    const now = Date.parse('2015-10-21T07:28:00Z');

    it('honours an HTTP-date Retry-After', async () => {
      routes.set('/r', (_q, res, n) =>
        n === 1 ? reply(res, 503, { 'Retry-After': 'Wed, 21 Oct 2015 07:28:03 GMT' }) : reply(res, 200)
      );
      const retry = fast({ now: () => now });
      expect((await fetchWithRetry(`${base}/r`, { retry })).status).toBe(200);
      expect(retry.delays).toEqual([3_000]);
    });

    it('honours a GitHub-style epoch x-ratelimit-reset on 403 with remaining 0', async () => {
      const reset = String(now / 1000 + 4);
      routes.set('/r', (_q, res, n) =>
        n === 1 ? reply(res, 403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }) : reply(res, 200)
      );
      const retry = fast({ now: () => now });
      expect((await fetchWithRetry(`${base}/r`, { retry })).status).toBe(200);
      expect(retry.delays).toEqual([4_000]);
    });

    it('returns a plain 403 untouched', async () => {
      routes.set('/r', (_q, res) =>
        reply(res, 403, { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1999999999' })
      );
      expect((await fetchWithRetry(`${base}/r`, { retry: fast() })).status).toBe(403);
      expect(hits.get('/r')).toBe(1);
    });

    it('honours a delta ratelimit-reset on 429', async () => {
      routes.set('/r', (_q, res, n) =>
        n === 1 ? reply(res, 429, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '2' }) : reply(res, 200)
      );
      const retry = fast();
      expect((await fetchWithRetry(`${base}/r`, { retry })).status).toBe(200);
      expect(retry.delays).toEqual([2_000]);
    });
  });
});
