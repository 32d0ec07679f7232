import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { faults, linkPage, respond, startFakeHttpService, type FakeHttpService } from '../src/testing/fake-http.js';
import { rawHttpRequest } from '../src/testing/raw-http.js';

let fake: FakeHttpService | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('startFakeHttpService', () => {
  it('serves routes with params, JSON fixtures and replies, on 127.0.0.1', async () => {
    fake = await startFakeHttpService({
      routes: {
        'GET /repos/:owner/:repo': (req) => ({ full_name: `${req.params.owner}/${req.params.repo}` }),
        'GET /repos/:owner/:repo/contents/*path': (req) => respond.text(`file ${req.params.path}`),
        'GET /rate_limit': { resources: { core: { remaining: 5000 } } },
        'POST /chat.postMessage': (req) => ({ ok: true, channel: req.form().get('channel') }),
        'DELETE /things/:id': respond.empty(204),
        '* /anything': (req) => ({ method: req.method })
      }
    });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${fake.url}/repos/octo/app`)).json()).toEqual({ full_name: 'octo/app' });
    const file = await fetch(`${fake.url}/repos/octo/app/contents/src/a%20b.ts?ref=main`);
    expect(file.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await file.text()).toBe('file src/a b.ts');
    expect(await (await fetch(`${fake.url}/rate_limit`)).json()).toEqual({ resources: { core: { remaining: 5000 } } });
    const posted = await fetch(`${fake.url}/chat.postMessage`, {
      method: 'POST',
      body: new URLSearchParams({ channel: 'C1', text: 'hi' })
    });
    expect(await posted.json()).toEqual({ ok: true, channel: 'C1' });
    expect((await fetch(`${fake.url}/things/7`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${fake.url}/anything`, { method: 'PATCH' })).json()).toEqual({ method: 'PATCH' });
  });

  it('logs every hit exactly as sent: method, raw path and query, headers, body', async () => {
    fake = await startFakeHttpService({
      routes: { 'POST /repos/:owner/:repo/issues': (req) => respond.json(req.json(), { status: 201 }) }
    });
    await rawHttpRequest(`${fake.url}/repos/octo/a%2Fpp/issues?x=1&x=2`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"title":"Bug"}'
    });
    await rawHttpRequest(`${fake.url}/repos/octo/app/issues/extra`);
    const [hit] = fake.hitsFor('POST /repos/:owner/:repo/issues');
    expect(hit).toMatchObject({
      method: 'POST',
      path: '/repos/octo/a%2Fpp/issues',
      url: '/repos/octo/a%2Fpp/issues?x=1&x=2',
      body: '{"title":"Bug"}',
      route: 'POST /repos/:owner/:repo/issues',
      fault: undefined
    });
    expect(hit!.query.getAll('x')).toEqual(['1', '2']);
    expect(hit!.headers.authorization).toBe('Bearer t');
    expect(fake.hitsFor('POST /repos/octo/a%2Fpp/issues')).toHaveLength(1);
    // Unmatched requests answer 404 naming the request, and are listed for assertions.
    expect(fake.unmatched().map((h) => h.url)).toEqual(['/repos/octo/app/issues/extra']);
    fake.clearHits();
    expect(fake.hits).toHaveLength(0);
  });

  it('answers 404 naming the request when no route matches, and does not let :param match an empty or extra segment', async () => {
    fake = await startFakeHttpService({ routes: { 'GET /users/:name': { ok: true } } });
    for (const p of ['/users/', '/users/a/b', '/users', '/other']) {
      const res = await fetch(`${fake.url}${p}`);
      expect(res.status, p).toBe(404);
      expect(await res.json()).toEqual({ message: `no fake route for GET ${p}` });
    }
    expect((await fetch(`${fake.url}/users/a`, { method: 'POST' })).status).toBe(404);
  });

  it('injects 429 with Retry-After, then 5xx, for the next hits only, and logs the faulted hits too', async () => {
    fake = await startFakeHttpService({ routes: { 'GET /items': [1, 2] } });
    fake.fault('GET /items', faults.rateLimited(7, { 'x-ratelimit-remaining': '0' }));
    fake.fault('GET /items', faults.serverError(503), { times: 2 });
    const first = await fetch(`${fake.url}/items`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await fetch(`${fake.url}/items`)).status).toBe(503);
    expect((await fetch(`${fake.url}/items`)).status).toBe(503);
    expect(await (await fetch(`${fake.url}/items`)).json()).toEqual([1, 2]);
    expect(fake.hits.map((h) => h.fault)).toEqual(['status', 'status', 'status', undefined]);
  });

  it("'*' faults every route; clearFaults removes a standing fault", async () => {
    fake = await startFakeHttpService({ routes: { 'GET /a': 'a', 'GET /b': 'b' } });
    fake.fault('*', faults.serverError(502), { times: Infinity });
    expect((await fetch(`${fake.url}/a`)).status).toBe(502);
    expect((await fetch(`${fake.url}/b`)).status).toBe(502);
    expect((await fetch(`${fake.url}/nowhere`)).status).toBe(502);
    fake.clearFaults();
    expect(await (await fetch(`${fake.url}/b`)).json()).toBe('b');
  });

  it('resets the connection, answers slowly, or hangs until the client gives up', async () => {
    fake = await startFakeHttpService({ routes: { 'GET /x': { ok: true } } });
    fake.fault('GET /x', faults.reset());
    await expect(fetch(`${fake.url}/x`)).rejects.toThrow();
    fake.fault('GET /x', faults.slow(150));
    const started = Date.now();
    expect(await (await fetch(`${fake.url}/x`)).json()).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    fake.fault('GET /x', faults.hang());
    await expect(fetch(`${fake.url}/x`, { signal: AbortSignal.timeout(200) })).rejects.toThrow(/abort|timeout/i);
    expect(fake.hits.map((h) => h.fault)).toEqual(['reset', 'slow', 'hang']);
    // close() ends the hanging connection instead of waiting for it.
    await fake.close();
    fake = undefined;
  });

  it('turns a throwing handler into a 500 and records the error', async () => {
    fake = await startFakeHttpService({
      routes: {
        'POST /json': (req) => req.json()
      }
    });
    const res = await fetch(`${fake.url}/json`, { method: 'POST', body: 'not json' });
    expect(res.status).toBe(500);
    expect(fake.errors[0]).toBeInstanceOf(SyntaxError);
  });

  it('refuses bodies over the cap with 413 and still logs the hit', async () => {
    fake = await startFakeHttpService({ routes: { 'POST /upload': 'ok' }, maxBodyBytes: 10 });
    expect((await fetch(`${fake.url}/upload`, { method: 'POST', body: 'x'.repeat(11) })).status).toBe(413);
    expect(fake.hits[0]!.body).toBe('');
  });

  it('adds and replaces routes after start, and rejects malformed keys with the expected shape', async () => {
    fake = await startFakeHttpService();
    fake.route('get /late', 1);
    fake.route('GET /late', 2);
    expect(await (await fetch(`${fake.url}/late`)).json()).toBe(2);
    expect(() => fake!.route('/no-method', 1)).toThrow(/must be "METHOD \/path"/);
    expect(() => fake!.route('GET /a/*rest/b', 1)).toThrow(/must come last/);
  });

  it('pages with a GitHub-style Link header', async () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
    fake = await startFakeHttpService({
      routes: { 'GET /repos/:o/:r/issues': (req) => linkPage(req, items, { perPage: 3 }) }
    });
    const seen: number[] = [];
    let next: string | undefined = `${fake.url}/repos/o/r/issues?state=open`;
    const links: string[] = [];
    while (next) {
      const res = await fetch(next);
      seen.push(...((await res.json()) as Array<{ id: number }>).map((i) => i.id));
      const link = res.headers.get('link') ?? '';
      links.push(link);
      next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(links[0]).toBe(
      `<${fake.url}/repos/o/r/issues?state=open&page=2&per_page=3>; rel="next", <${fake.url}/repos/o/r/issues?state=open&page=3&per_page=3>; rel="last"`
    );
    expect(links[2]).toMatch(/rel="first".*rel="prev"/);
    expect(links[2]).not.toMatch(/rel="next"/);
    expect(fake.hits.map((h) => h.query.get('page'))).toEqual([null, '2', '3']);
  });

  it('serves HTTPS with a given certificate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          path.join(dir, 'k.pem'),
          '-out',
          path.join(dir, 'c.pem')
        ],
        { stdio: 'ignore' }
      );
      const cert = readFileSync(path.join(dir, 'c.pem'));
      fake = await startFakeHttpService({
        routes: { 'GET /secure': { tls: true } },
        tls: { key: readFileSync(path.join(dir, 'k.pem')), cert }
      });
      expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const body = await new Promise<string>((resolve, reject) => {
        httpsRequest(`${fake!.url}/secure`, { ca: cert }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        })
          .on('error', reject)
          .end();
      });
      expect(JSON.parse(body)).toEqual({ tls: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
