import { connect } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '@mcp-catalog/shared';
import { NetworkRules } from '../src/browser/network-policy.js';
import { BrowserProxy, type UpstreamConnection } from '../src/browser/proxy.js';
import { startSite, type Site } from './fixtures.js';

const NAMES: Record<string, string> = {
  'public.test': '127.0.0.1', // stands in for a public site: only the allowed-origin test may reach it
  'intranet.test': '10.0.0.5',
  'cgnat.test': '100.64.1.1',
  'linklocal.test': '169.254.10.10',
  'metadata.test': '169.254.169.254',
  'loop.test': '127.0.0.1'
};
const resolve: Resolver = async (hostname): Promise<LookupAddress[]> => {
  const address = NAMES[hostname];
  if (!address) throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};

/** Sends one raw request to the proxy and returns the status line and headers. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolveText, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += String(chunk);
      if (text.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', () => resolveText(text));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('proxy with the default policy (public addresses only)', () => {
  let proxy: BrowserProxy;
  let port: number;
  let site: Site;
  const upstream: UpstreamConnection[] = [];
  beforeAll(async () => {
    site = await startSite({ '/': 'hello' });
    proxy = new BrowserProxy({ rules: new NetworkRules({ resolve }), onUpstream: (c) => upstream.push(c) });
    port = await proxy.start();
  });
  afterAll(async () => {
    await proxy.close();
    await site.close();
  });

  it.each([
    ['http://intranet.test/', /private address/],
    ['http://cgnat.test/', /cgnat address/],
    ['http://linklocal.test/', /link-local address/],
    ['http://metadata.test/', /cloud metadata endpoint/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata endpoint/],
    ['http://10.1.2.3/', /private address/],
    ['http://[fd00:ec2::254]/', /cloud metadata endpoint/],
    ['http://loop.test/', /loopback address/],
    ['http://0.0.0.0/', /unspecified address/]
  ])('refuses %s before connecting', async (url, reason) => {
    const answer = await raw(port, `GET ${url} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(proxy.refusals.list().at(-1)?.reason).toMatch(reason);
    expect(upstream).toEqual([]);
  });

  it.each(['10.0.0.5:443', 'metadata.test:443', '[::ffff:169.254.169.254]:443', `127.0.0.1:${1}`])(
    'refuses a CONNECT tunnel to %s',
    async (target) => {
      const answer = await raw(port, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 403/);
      expect(upstream).toEqual([]);
    }
  );

  it('refuses a loopback site unless the operator lists it, and the site sees nothing', async () => {
    const answer = await raw(port, `GET ${site.origin}/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(site.connections).toBe(0);
  });

  it('answers origin-form requests (someone using it as a website) with 400', async () => {
    expect(await raw(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
  });
});

describe('proxy with allowed and blocked origins', () => {
  let proxy: BrowserProxy;
  let port: number;
  let site: Site;
  beforeAll(async () => {
    site = await startSite({ '/': 'hello' });
    proxy = new BrowserProxy({
      rules: new NetworkRules({
        allowedOrigins: [site.origin, `http://public.test:${site.port}`, 'http://169.254.169.254', '*.allowed.test'],
        blockedOrigins: ['http://127.0.0.1:1'],
        resolve
      })
    });
    port = await proxy.start();
  });
  afterAll(async () => {
    await proxy.close();
    await site.close();
  });

  it('forwards to a listed loopback origin and strips proxy headers', async () => {
    const answer = await raw(
      port,
      `GET ${site.origin}/ HTTP/1.1\r\nHost: 127.0.0.1:${site.port}\r\nProxy-Authorization: Basic eA==\r\n\r\n`
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(site.hits).toEqual(['GET /']);
  });

  it('tunnels CONNECT to a listed origin by host and port', async () => {
    const answer = await raw(port, `CONNECT 127.0.0.1:${site.port} HTTP/1.1\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 Connection Established/);
  });

  it('refuses a listed metadata address, another port, and service worker scripts', async () => {
    expect(await raw(port, 'GET http://169.254.169.254/ HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 403/);
    expect(await raw(port, `GET http://127.0.0.1:${site.port + 1}/ HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 403/
    );
    const sw = await raw(port, `GET ${site.origin}/sw.js HTTP/1.1\r\nHost: x\r\nService-Worker: script\r\n\r\n`);
    expect(sw).toMatch(/^HTTP\/1\.1 403/);
    expect(proxy.refusals.list().at(-1)?.code).toBe('service_worker');
    expect(site.hits).not.toContain('GET /sw.js');
  });
});
