import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { OutboundError, OutboundPolicy } from '@mcp-catalog/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCertificate } from '../src/monitor/certificate-check.js';
import { SiteChecker, type SiteCheckOptions } from '../src/monitor/site-check.js';
import { makeCertificates, startHttpSite, startHttpsSite, type LocalSite, type TestCertificates } from './fixtures.js';

const policy = new OutboundPolicy({ allowPrivate: true });
let certs: TestCertificates;
let secureContext: SecureContext;
let http: LocalSite;
const https: Record<'valid' | 'expired' | 'expiringSoon' | 'selfSigned' | 'wrongName', LocalSite> = {} as never;

beforeAll(async () => {
  certs = await makeCertificates();
  secureContext = createSecureContext({ ca: [...rootCertificates, certs.ca.cert] });
  http = await startHttpSite();
  for (const kind of ['valid', 'expired', 'expiringSoon', 'selfSigned', 'wrongName'] as const) {
    https[kind] = await startHttpsSite(certs[kind]);
    https[kind].routes.set('/', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>secure</h1>')
    );
  }
  http.routes.set('/ok', (_req, res) =>
    res
      .writeHead(200, {
        'content-type': 'text/html',
        server: 'test',
        'set-cookie': 'session=secret',
        'x-internal': 'hidden'
      })
      .end('<h1>Welcome home</h1>')
  );
  http.routes.set('/error', (_req, res) =>
    res.writeHead(503, 'Service Unavailable', { 'retry-after': '30' }).end('down for maintenance')
  );
  http.routes.set('/slow', (_req, res) => setTimeout(() => res.writeHead(200).end('late'), 400));
  http.routes.set('/hang', () => undefined);
  http.routes.set('/reset', (req) => req.socket.resetAndDestroy());
  http.routes.set('/switch', (req) =>
    req.socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
  );
  http.routes.set('/r1', (_req, res) => res.writeHead(301, { location: '/r2' }).end());
  http.routes.set('/r2', (_req, res) => res.writeHead(302, { location: '/ok' }).end());
  http.routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
  http.routes.set('/verbose', (_req, res) =>
    res.writeHead(503, 'x'.repeat(8000), { location: `/${'y'.repeat(8000)}` }).end()
  );
  http.routes.set('/long-redirect', (_req, res) => res.writeHead(302, { location: `/${'z'.repeat(8000)}` }).end());
  http.routes.set('/to-metadata', (_req, res) =>
    res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
  );
  http.routes.set('/huge', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('x'.repeat(200_000));
    res.end('NEEDLE');
  });
});

afterAll(async () => {
  await http.close();
  for (const site of Object.values(https)) await site.close();
  certs.cleanup();
});

const checker = (overrides: Partial<ConstructorParameters<typeof SiteChecker>[0]> = {}) =>
  new SiteChecker({ policy, secureContext, maxResponseBytes: 65_536, userAgent: 'sitemonitor-test', ...overrides });
const options = (extra: Partial<SiteCheckOptions> = {}): SiteCheckOptions => ({
  method: 'GET',
  timeoutMs: 5_000,
  maxRedirects: 5,
  ...extra
});

describe('SiteChecker over http', () => {
  it('calls a 200 up, with timings and only the reported headers', async () => {
    const result = await checker().check(`${http.origin}/ok`, options());
    expect(result.verdict).toBe('up');
    expect(result.statusCode).toBe(200);
    expect(result.reason).toMatch(/^HTTP 200 OK in \d+ ms\.$/);
    expect(result.timings).toMatchObject({ dnsMs: 0, tlsMs: null });
    expect(result.timings!.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.timings!.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(result.headers).toEqual({ 'content-type': 'text/html', server: 'test', date: expect.any(String) });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(result.remoteAddress).toBe('127.0.0.1');
    expect(result.tls).toBeNull();
  });

  it('calls an error status down and says which', async () => {
    const result = await checker().check(`${http.origin}/error`, options());
    expect(result).toMatchObject({ verdict: 'down', statusCode: 503, errorCode: null });
    expect(result.reason).toBe('HTTP 503 Service Unavailable (expected a status below 400).');
    expect(result.headers['retry-after']).toBe('30');
  });

  it('judges against the expected status list', async () => {
    expect((await checker().check(`${http.origin}/error`, options({ expectedStatus: [503] }))).verdict).toBe('up');
    const wrong = await checker().check(`${http.origin}/ok`, options({ expectedStatus: [201, 204] }));
    expect(wrong.verdict).toBe('down');
    expect(wrong.reason).toContain('expected 201 or 204');
  });

  it('looks for the expected text, within the bytes it reads', async () => {
    expect(
      (await checker().check(`${http.origin}/ok`, options({ expectedText: 'Welcome' }))).body.expectedTextFound
    ).toBe(true);
    const missing = await checker().check(`${http.origin}/ok`, options({ expectedText: 'welcome' }));
    expect(missing).toMatchObject({ verdict: 'down', body: { expectedTextFound: false } });
    const beyondCap = await checker().check(`${http.origin}/huge`, options({ expectedText: 'NEEDLE' }));
    expect(beyondCap.body).toEqual({ bytesRead: 65_536, truncated: true, expectedTextFound: false });
    expect(beyondCap.reason).toContain('in the first 65536 bytes');
    const bigEnough = await checker({ maxResponseBytes: 300_000 }).check(
      `${http.origin}/huge`,
      options({ expectedText: 'NEEDLE' })
    );
    expect(bigEnough.verdict).toBe('up');
  });

  it('calls a slow answer degraded and no answer down', async () => {
    const slow = await checker().check(`${http.origin}/slow`, options({ slowMs: 100 }));
    expect(slow.verdict).toBe('degraded');
    expect(slow.reason).toMatch(/slow: \d+ ms, over the 100 ms threshold/);
    const hung = await checker().check(`${http.origin}/hang`, options({ timeoutMs: 300 }));
    expect(hung).toMatchObject({ verdict: 'down', errorCode: 'timeout', statusCode: null, timings: null });
  });

  it('calls a reset connection down', async () => {
    const result = await checker().check(`${http.origin}/reset`, options());
    expect(result).toMatchObject({ verdict: 'down', errorCode: 'connection_reset' });
  });

  it('calls a site that switches protocols down at once, not at the deadline', async () => {
    const result = await checker().check(`${http.origin}/switch`, options({ timeoutMs: 10_000 }));
    expect(result).toMatchObject({ verdict: 'down', errorCode: 'network_error' });
    expect(result.reason).toMatch(/101 Switching Protocols/);
    expect(result.totalMs).toBeLessThan(5_000);
  });

  it('follows redirects and reports the chain', async () => {
    const result = await checker().check(`${http.origin}/r1`, options());
    expect(result.verdict).toBe('up');
    expect(result.finalUrl).toBe(`${http.origin}/ok`);
    expect(result.redirects).toEqual([
      { url: `${http.origin}/r1`, status: 301, location: '/r2' },
      { url: `${http.origin}/r2`, status: 302, location: '/ok' }
    ]);
  });

  it('calls a redirect loop and a redirect to a refused address down, keeping the chain', async () => {
    const loop = await checker().check(`${http.origin}/loop`, options());
    expect(loop).toMatchObject({ verdict: 'down', errorCode: 'redirect_loop' });
    const metadata = await checker().check(`${http.origin}/to-metadata`, options());
    expect(metadata).toMatchObject({
      verdict: 'down',
      errorCode: 'refused_address',
      finalUrl: 'http://169.254.169.254/latest/meta-data/'
    });
    expect(metadata.redirects).toHaveLength(1);
    expect(metadata.reason).toContain('cloud metadata');
  });

  it('refuses loopback targets under the default policy, including names that resolve there', async () => {
    const strict = checker({ policy: new OutboundPolicy() });
    const before = http.hits('/ok');
    for (const url of [
      `${http.origin}/ok`,
      `http://localhost:${http.port}/ok`,
      `http://[::ffff:127.0.0.1]:${http.port}/ok`
    ]) {
      const result = await strict.check(url, options());
      expect(result, url).toMatchObject({ verdict: 'down', errorCode: 'refused_address' });
    }
    expect(http.hits('/ok')).toBe(before);
  });

  it('keeps site-chosen status text and redirect targets short', async () => {
    const verbose = await checker().check(
      `${http.origin}/verbose`,
      options({ maxRedirects: 0, expectedStatus: [200] })
    );
    expect(verbose.statusText!.length).toBeLessThanOrEqual(121);
    expect(verbose.reason.length).toBeLessThan(200);
    const long = await checker().check(`${http.origin}/long-redirect`, options());
    expect(long).toMatchObject({ verdict: 'down', errorCode: 'invalid_url' });
    expect(long.finalUrl.length).toBeLessThanOrEqual(2049);
    expect(long.redirects[0]!.location.length).toBeLessThanOrEqual(2049);
    expect(JSON.stringify(long).length).toBeLessThan(10_000);
  });

  it('sends HEAD when asked', async () => {
    const result = await checker().check(`${http.origin}/ok`, options({ method: 'HEAD' }));
    expect(result).toMatchObject({ verdict: 'up', body: { bytesRead: 0 } });
  });
});

describe('SiteChecker over https', () => {
  it('reports the session and certificate of a trusted site', async () => {
    const result = await checker().check(`${https.valid.origin}/`, options());
    expect(result.verdict).toBe('up');
    expect(result.timings!.tlsMs).toBeGreaterThan(0);
    expect(result.tls).toMatchObject({ trusted: true, error: null, protocol: 'TLSv1.3' });
    expect(result.tls!.daysLeft).toBeGreaterThanOrEqual(363);
  });

  it.each([
    ['expired', 'CERT_HAS_EXPIRED'],
    ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['wrongName', 'ERR_TLS_CERT_ALTNAME_INVALID']
  ] as const)('calls a %s certificate down (%s)', async (kind, code) => {
    const result = await checker().check(`${https[kind].origin}/`, options());
    expect(result).toMatchObject({ verdict: 'down', errorCode: 'tls_error' });
    expect(result.reason).toContain(code);
    expect(https[kind].hits('/')).toBe(0); // nothing was sent over the untrusted connection
  });

  it('checks past an untrusted certificate when asked, and calls it degraded', async () => {
    const result = await checker().check(
      `${https.expired.origin}/`,
      options({ ignoreTlsErrors: true, sslWarningDays: 14 })
    );
    expect(result.verdict).toBe('degraded');
    expect(result.tls).toMatchObject({ trusted: false, error: 'CERT_HAS_EXPIRED' });
    expect(result.reason).toMatch(/not trusted \(CERT_HAS_EXPIRED\).*expired \d day\(s\) ago/);
  });

  it('calls a certificate inside the warning window degraded', async () => {
    const result = await checker().check(`${https.expiringSoon.origin}/`, options({ sslWarningDays: 14 }));
    expect(result.verdict).toBe('degraded');
    expect(result.reason).toContain('the certificate expires in 5 day(s)');
    expect((await checker().check(`${https.expiringSoon.origin}/`, options({ sslWarningDays: 3 }))).verdict).toBe('up');
  });

  it('does not trust the test CA unless told to', async () => {
    const result = await checker({ secureContext: undefined }).check(`${https.valid.origin}/`, options());
    expect(result).toMatchObject({ verdict: 'down', errorCode: 'tls_error' });
  });
});

describe('checkCertificate', () => {
  const inspect = (
    target: string,
    extra: { warningDays?: number; trustTestCa?: boolean; policy?: OutboundPolicy; timeoutMs?: number } = {}
  ) =>
    checkCertificate(extra.policy ?? policy, target, {
      timeoutMs: extra.timeoutMs ?? 5_000,
      warningDays: extra.warningDays ?? 14,
      ...(extra.trustTestCa === false ? {} : { secureContext })
    });

  it('reports a valid certificate in full', async () => {
    const report = await inspect(`127.0.0.1:${https.valid.port}`);
    expect(report).toMatchObject({
      host: '127.0.0.1',
      port: https.valid.port,
      verdict: 'valid',
      chainValid: true,
      chainError: null,
      hostnameMatches: true,
      selfSigned: false,
      protocol: 'TLSv1.3',
      subject: 'CN=localhost',
      issuer: 'CN=Sitemonitor Test CA',
      remoteAddress: '127.0.0.1'
    });
    expect(report.subjectAltNames).toEqual(['DNS:localhost', 'IP Address:127.0.0.1']);
    expect(report.daysLeft).toBeGreaterThanOrEqual(363);
    expect(report.chain.map((c) => c.subject)).toEqual(['CN=localhost', 'CN=Sitemonitor Test CA']);
    expect(report.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(report.timings.tlsMs).toBeGreaterThan(0);
  });

  it('accepts an https URL and uses the name for SNI and matching', async () => {
    const report = await inspect(`https://localhost:${https.valid.port}/some/path`);
    expect(report).toMatchObject({ host: 'localhost', verdict: 'valid', hostnameMatches: true });
  });

  it('reports an expired certificate instead of failing', async () => {
    const report = await inspect(`127.0.0.1:${https.expired.port}`);
    expect(report).toMatchObject({
      verdict: 'invalid',
      chainValid: false,
      chainError: 'CERT_HAS_EXPIRED',
      hostnameMatches: true
    });
    expect(report.daysLeft).toBeLessThanOrEqual(-3);
    expect(report.reason).toMatch(/^The certificate is expired [34] day\(s\) ago\.$/);
  });

  it('reports a self-signed certificate', async () => {
    const report = await inspect(`127.0.0.1:${https.selfSigned.port}`);
    expect(report).toMatchObject({ verdict: 'invalid', selfSigned: true, chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(report.reason).toContain('not trusted (self-signed, DEPTH_ZERO_SELF_SIGNED_CERT)');
    expect(report.chain).toHaveLength(1);
  });

  it('reports a name mismatch separately from chain trust', async () => {
    const report = await inspect(`127.0.0.1:${https.wrongName.port}`);
    expect(report).toMatchObject({ verdict: 'invalid', chainValid: true, hostnameMatches: false });
    expect(report.hostnameError).toContain('127.0.0.1');
    expect(report.reason).toContain('does not name 127.0.0.1');
  });

  it('warns when the certificate expires within the warning window', async () => {
    expect((await inspect(`127.0.0.1:${https.expiringSoon.port}`, { warningDays: 14 })).verdict).toBe('expiring');
    expect((await inspect(`127.0.0.1:${https.expiringSoon.port}`, { warningDays: 2 })).verdict).toBe('valid');
  });

  it('reports an untrusted issuer when the CA is not trusted', async () => {
    const report = await inspect(`127.0.0.1:${https.valid.port}`, { trustTestCa: false });
    expect(report).toMatchObject({
      verdict: 'invalid',
      chainValid: false,
      chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
    });
  });

  it('explains a port that does not speak TLS', async () => {
    const error = await inspect(`127.0.0.1:${http.port}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).message).toContain('did not answer with TLS');
  });

  it('gives up on a server that never completes the handshake', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const error = await inspect(`127.0.0.1:${(silent.address() as AddressInfo).port}`, { timeoutMs: 300 }).catch(
        (e: unknown) => e
      );
      expect((error as OutboundError).code).toBe('timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it.each([
    ['http://example.com/', 'unsupported_scheme'],
    ['ftp://example.com/', 'unsupported_scheme'],
    ['https://user:pw@example.com/', 'credentials_in_url'],
    ['exa mple.com', 'invalid_url'],
    ['127.0.0.1:99999', 'invalid_url']
  ])('refuses the target %j (%s)', async (target, code) => {
    const error = await inspect(target).catch((e: unknown) => e);
    expect((error as OutboundError).code).toBe(code);
  });

  it('connects to the address it checked, not to a second DNS answer (rebinding)', async () => {
    const answers: string[] = [];
    const rebinding = new OutboundPolicy({
      allowPrivate: true,
      resolve: async () => {
        answers.push(answers.length === 0 ? '127.0.0.1' : '169.254.169.254');
        return [{ address: answers.at(-1)!, family: 4 }];
      }
    });
    // A second lookup by the socket would not even find rebind.test: only the pinned answer can connect.
    const report = await inspect(`rebind.test:${https.valid.port}`, { policy: rebinding });
    expect(answers).toEqual(['127.0.0.1']);
    expect(report).toMatchObject({ host: 'rebind.test', remoteAddress: '127.0.0.1', hostnameMatches: false });
  });

  it('refuses loopback targets under the default policy', async () => {
    const before = https.valid.connections();
    const error = await inspect(`127.0.0.1:${https.valid.port}`, { policy: new OutboundPolicy() }).catch(
      (e: unknown) => e
    );
    expect((error as OutboundError).code).toBe('refused_address');
    expect(https.valid.connections()).toBe(before);
  });
});
