import { mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect, createSecureContext, rootCertificates } from 'node:tls';
import { OutboundPolicy } from '@mcp-catalog/shared';
import { connectManifest } from '@mcp-catalog/shared/testing';
import { afterAll, bench, describe } from 'vitest';
import { checkCertificate } from '../src/monitor/certificate-check.js';
import { SiteChecker, type SiteCheckResult } from '../src/monitor/site-check.js';
import { MonitorStore } from '../src/monitor/store.js';
import { manifest } from '../src/manifest.js';
import { makeCertificates, startHttpSite, startHttpsSite } from '../test/fixtures.js';

// Local stand-ins on 127.0.0.1 only. The reference is what one-off check servers do: a bare
// fetch() for HTTP (pooled keep-alive connection, no phase timings, no address policy) and a bare
// tls.connect for certificates.
const certs = await makeCertificates();
const site = await startHttpSite();
site.routes.set('/', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>ok</h1>'));
const secure = await startHttpsSite(certs.valid);
secure.routes.set('/', (_req, res) => res.writeHead(200).end('ok'));
const ca = [...rootCertificates, certs.ca.cert];
const secureContext = createSecureContext({ ca });
const checker = new SiteChecker({
  policy: new OutboundPolicy({ allowPrivate: true }),
  secureContext,
  maxResponseBytes: 1_048_576,
  userAgent: 'bench'
});
const options = { method: 'GET' as const, timeoutMs: 5_000, maxRedirects: 5 };

// The tool's default rate limit (60/min) would turn most bench calls into refusals.
const session = await connectManifest(manifest, {
  argv: [
    '--database',
    ':memory:',
    '--allow-private-targets',
    '--no-scheduler',
    '--rate-limit',
    'check_site_status=1000000/min'
  ]
});

const dir = mkdtempSync(path.join(tmpdir(), 'sitemonitor-bench-'));
const store = new MonitorStore(path.join(dir, 'bench.db'));
const monitor = store.addMonitor(
  {
    name: 'bench',
    url: site.origin,
    method: 'GET',
    intervalSeconds: 60,
    timeoutSeconds: 10,
    expectedStatus: null,
    expectedText: null,
    slowMs: null,
    sslWarningDays: 14
  },
  Date.now()
);
const sample = await checker.check(`${site.origin}/`, options);
const now = Date.now();
// 100k checks over the last 7 days, 2% of them down in runs (incidents), latencies 20-220 ms.
store.db.transaction(() => {
  for (let i = 0; i < 100_000; i++) {
    const verdict = i % 1000 < 20 ? 'down' : 'up';
    store.recordCheck(monitor.id, {
      ...sample,
      checkedAt: new Date(now - (100_000 - i) * 6_000).toISOString(),
      verdict,
      totalMs: 20 + (i % 200)
    } as SiteCheckResult);
  }
})();

afterAll(async () => {
  await session.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  await site.close();
  await secure.close();
  certs.cleanup();
});

describe('one HTTP check of http://127.0.0.1/', () => {
  bench('reference: fetch() + read body (pooled keep-alive connection)', async () => {
    const response = await fetch(`${site.origin}/`);
    await response.text();
  });
  bench('reference: http.get, fresh connection, no policy or timings', async () => {
    await new Promise<void>((resolve, reject) => {
      httpGet(`${site.origin}/`, { agent: false }, (res) => {
        res.resume();
        res.once('end', resolve);
      }).once('error', reject);
    });
  });
  bench('SiteChecker.check (policy, fresh connection, timing breakdown, verdict)', async () => {
    await checker.check(`${site.origin}/`, options);
  });
  bench('check_site_status through MCP (in-memory client)', async () => {
    await session.client.callTool({ name: 'check_site_status', arguments: { url: `${site.origin}/` } });
  });
});

describe('one HTTPS check of https://127.0.0.1/', () => {
  bench('reference: https.get, fresh connection, no policy or timings', async () => {
    await new Promise<void>((resolve, reject) => {
      httpsGet(`${secure.origin}/`, { secureContext, agent: false } as RequestOptions, (res) => {
        res.resume();
        res.once('end', resolve);
      }).once('error', reject);
    });
  });
  bench('SiteChecker.check (fresh TLS handshake every time)', async () => {
    await checker.check(`${secure.origin}/`, options);
  });
});

describe('certificate inspection', () => {
  bench('reference: tls.connect + getPeerCertificate', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: secure.port, rejectUnauthorized: false }, () => {
        socket.getPeerCertificate(true);
        socket.destroy();
        resolve();
      });
      socket.once('error', reject);
    });
  });
  bench('checkCertificate (policy, chain + name verdicts, full report)', async () => {
    await checkCertificate(session.deps.policy, `127.0.0.1:${secure.port}`, {
      timeoutMs: 5_000,
      warningDays: 14,
      secureContext
    });
  });
});

describe('history store (SQLite on disk, 100k checks)', () => {
  let at = now;
  bench('recordCheck (insert + status + incident, one transaction)', () => {
    at += 1;
    store.recordCheck(monitor.id, { ...sample, checkedAt: new Date(at).toISOString() });
  });
  bench('uptime report, 24 h window (counts, p50/p95, incidents)', () => {
    store.uptime(monitor.id, now - 86_400_000, now, 20);
  });
  bench('uptime report, 7 day window', () => {
    store.uptime(monitor.id, now - 7 * 86_400_000, now, 20);
  });
  bench('history page of 50', () => {
    store.history(monitor.id, { offset: 0, limit: 50 });
  });
});
