import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '@mcp-catalog/shared';
import type { UpstreamConnection } from '../src/browser/proxy.js';
import { BrowserSession } from '../src/browser/session.js';
import { browserSettings, html, startSite, type Site } from './fixtures.js';

/**
 * The network boundary with real Chromium: an allowed local site tries every way a page can reach a
 * second local server that is not allowed; that server must see no connection at all. Names resolve
 * through an injected table, so nothing here asks real DNS, and non-loopback addresses are refused
 * by the proxy before any connection (every upstream connection is recorded and checked).
 */
const NAMES: Record<string, string> = {
  'app.test': '127.0.0.1',
  localhost: '127.0.0.1',
  'metadata.test': '169.254.169.254',
  'intranet.test': '10.0.0.5'
};
const resolve: Resolver = async (hostname): Promise<LookupAddress[]> => {
  const address = NAMES[hostname.replace(/\.$/, '')];
  if (!address) throw Object.assign(new Error(`no such test host ${hostname}`), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};

let allowed: Site;
let forbidden: Site;
let session: BrowserSession;
const upstream: UpstreamConnection[] = [];
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spellings(port: number): string[] {
  return [
    `http://127.0.0.1:${port}/plain`,
    `http://127.1:${port}/short`,
    `http://0x7f000001:${port}/hex`,
    `http://2130706433:${port}/decimal`,
    `http://0177.0.0.1:${port}/octal`,
    `http://[::ffff:127.0.0.1]:${port}/mapped`,
    `http://localhost:${port}/localhost`,
    `http://localhost.:${port}/trailing-dot`,
    `http://LOCALHOST:${port}/upper`,
    `https://127.0.0.1:${port}/tls`
  ];
}

beforeAll(async () => {
  forbidden = await startSite({ '/': html('<h1>forbidden</h1>') });
  const B = `http://127.0.0.1:${forbidden.port}`;
  allowed = await startSite({
    '/': html('<h1>home</h1>'),
    '/redirect': (req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams;
      res.writeHead(Number(query.get('code')), { location: query.get('to')! }).end();
    },
    '/meta': html(`<meta http-equiv="refresh" content="0; url=${B}/meta-refresh"><h1>meta</h1>`),
    '/worker.js': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(
        `fetch('${B}/from-worker').catch(() => {}); try { importScripts('${B}/worker-import.js'); } catch (e) {} postMessage('worker ran');`
      );
    },
    '/sw.js': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(`fetch('${B}/from-sw')`);
    },
    '/attack': html(`
      ${spellings(forbidden.port)
        .map((url) => `<img src="${url}">`)
        .join('')}
      <script src="${B}/script.js"></script>
      <link rel="stylesheet" href="${B}/style.css">
      <iframe src="${B}/frame"></iframe>
      <iframe src="/redirect?code=302&to=${encodeURIComponent(`${B}/iframe-redirect`)}"></iframe>
      <iframe name="formframe"></iframe>
      <form id="f" method="POST" action="${B}/form" target="formframe"><input name="q" value="1"></form>
      <video src="${B}/video.mp4"></video>
      <script>
        fetch('${B}/fetch').catch(() => {});
        fetch('${B}/fetch-no-cors', { mode: 'no-cors', method: 'POST', body: 'x' }).catch(() => {});
        const xhr = new XMLHttpRequest(); xhr.open('GET', '${B}/xhr'); xhr.send();
        navigator.sendBeacon('${B}/beacon', 'data');
        new EventSource('${B}/sse');
        try { new WebSocket('ws://127.0.0.1:${forbidden.port}/ws'); } catch (e) {}
        const worker = new Worker('/worker.js'); worker.onmessage = (e) => { document.body.dataset.worker = e.data; };
        navigator.serviceWorker.register('/sw.js').then(
          () => { document.body.dataset.sw = 'registered'; },
          (e) => { document.body.dataset.sw = String(e); });
        window.open('${B}/popup');
        document.getElementById('f').submit();
        document.body.dataset.done = 'yes';
      </script>`)
  });
  session = new BrowserSession(
    browserSettings({
      allowedOrigins: [
        allowed.origin,
        `http://app.test:${allowed.port}`,
        // Listed by the operator, still never reached: metadata addresses are refused regardless.
        'http://169.254.169.254',
        `http://metadata.test:${allowed.port}`
      ],
      resolve,
      maxPages: 20,
      onUpstream: (connection) => upstream.push(connection)
    })
  );
});

afterAll(async () => {
  await session?.close();
  await allowed?.close();
  await forbidden?.close();
});

describe('network boundary with real Chromium', () => {
  it('loads an allowed page through the proxy, loopback included (no bypass)', async () => {
    const tracked = await session.current();
    const response = await tracked.page.goto(`${allowed.origin}/`);
    expect(response?.status()).toBe(200);
    expect(upstream.some((c) => c.port === allowed.port)).toBe(true);
    // A name the operator listed resolves through the proxy's resolver, not Chromium's.
    const named = await tracked.page.goto(`http://app.test:${allowed.port}/`);
    expect(named?.status()).toBe(200);
  });

  it('refuses direct navigation to the unlisted server in every spelling', async () => {
    const tracked = await session.current();
    for (const url of spellings(forbidden.port)) {
      const outcome = await tracked.page.goto(url).then(
        (response) => response?.status(),
        (error: Error) => error.message
      );
      expect([403, expect.stringMatching(/ERR_TUNNEL_CONNECTION_FAILED|ERR_/)], url).toContainEqual(outcome);
    }
    expect(forbidden.connections).toBe(0);
  });

  it('refuses every redirect hop and a meta refresh to it', async () => {
    const tracked = await session.current();
    for (const code of [301, 302, 307, 308]) {
      const to = encodeURIComponent(`http://127.0.0.1:${forbidden.port}/redirected-${code}`);
      const response = await tracked.page.goto(`${allowed.origin}/redirect?code=${code}&to=${to}`).catch(() => null);
      expect(response?.status() ?? 403).toBe(403);
    }
    // A chain: allowed -> allowed -> forbidden; the last hop is checked like the first.
    const inner = encodeURIComponent(
      `${allowed.origin}/redirect?code=302&to=${encodeURIComponent(`http://localhost:${forbidden.port}/chain`)}`
    );
    await tracked.page.goto(`${allowed.origin}/redirect?code=301&to=${inner}`).catch(() => null);
    await tracked.page.goto(`${allowed.origin}/meta`);
    await delay(500);
    expect(allowed.hits.filter((hit) => hit.startsWith('GET /redirect'))).toHaveLength(6);
    expect(forbidden.connections).toBe(0);
  });

  it('lets no subresource, script API, worker, popup or form reach it', async () => {
    const tracked = await session.current();
    const refusalsBefore = session.proxy.refusals.total;
    await tracked.page.goto(`${allowed.origin}/attack`);
    await tracked.page.waitForFunction(() => document.body.dataset.worker && document.body.dataset.sw, {
      timeout: 10_000
    });
    await delay(1500);
    expect(await tracked.page.evaluate(() => document.body.dataset.worker)).toBe('worker ran');
    expect(await tracked.page.evaluate(() => document.body.dataset.sw)).toMatch(/Service workers are disabled/);
    expect(allowed.hits).not.toContain('GET /sw.js');
    const refused = session.proxy.refusals
      .list()
      .slice(-(session.proxy.refusals.total - refusalsBefore))
      .map((r) => r.target);
    for (const path of [
      '/script.js',
      '/style.css',
      '/frame',
      '/fetch',
      '/xhr',
      '/beacon',
      '/sse',
      '/from-worker',
      '/popup',
      '/form',
      '/iframe-redirect'
    ]) {
      expect(
        refused.some((target) => target.endsWith(path)),
        path
      ).toBe(true);
    }
    expect(refused).toContain(`127.0.0.1:${forbidden.port}`); // the WebSocket and https tunnels
    expect(tracked.refusedSince(0).length).toBeGreaterThan(5);
    expect(forbidden.connections).toBe(0);
    expect(forbidden.hits).toEqual([]);
  });

  it('refuses metadata even when the operator listed it, without connecting anywhere but loopback', async () => {
    const tracked = await session.current();
    const literal = await tracked.page.goto('http://169.254.169.254/latest/meta-data/');
    expect(literal?.status()).toBe(403);
    expect(await literal?.text()).toMatch(/cloud metadata endpoint/);
    const named = await tracked.page.goto(`http://metadata.test:${allowed.port}/`);
    expect(named?.status()).toBe(403);
    const privateName = await tracked.page.goto('http://intranet.test/');
    expect(privateName?.status()).toBe(403);
    await expect(tracked.page.goto('https://169.254.169.254/')).rejects.toThrow(/ERR_TUNNEL_CONNECTION_FAILED/);
    expect(upstream.length).toBeGreaterThan(0);
    for (const connection of upstream) {
      expect(connection.address).toBe('127.0.0.1');
      expect(connection.port).toBe(allowed.port);
    }
  });

  it('sends top-level pages with other schemes back to about:blank', async () => {
    const tracked = await session.current();
    await tracked.page.goto('about:blank');
    tracked.guardEvents = [];
    for (const url of ['data:text/html,<h1>data</h1>', 'file:///etc/hostname', 'chrome://version/']) {
      await tracked.page.goto(url).catch(() => null);
      await tracked.page.waitForFunction(() => location.href === 'about:blank', { timeout: 5000 }).catch(() => null);
      expect(tracked.page.url(), url).toBe('about:blank');
    }
    expect(tracked.guardEvents.join('\n')).toMatch(/data:.*\n.*file:.*\n.*chrome:/);
    tracked.guardEvents = [];
  });

  // Last: it stops the proxy. With the proxy gone nothing loads, not even an allowed loopback site:
  // Chromium has no direct route of its own.
  it('has no route but the proxy', async () => {
    const tracked = await session.current();
    const before = allowed.connections;
    await session.proxy.close();
    await expect(tracked.page.goto(`${allowed.origin}/`)).rejects.toThrow(/ERR_PROXY_CONNECTION_FAILED/);
    await expect(tracked.page.goto(`http://app.test:${allowed.port}/`)).rejects.toThrow(/ERR_PROXY_CONNECTION_FAILED/);
    expect(allowed.connections).toBe(before);
  });
});
