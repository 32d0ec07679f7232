import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  rawHttpRequest,
  spawnHttpServer,
  spawnStdioServer,
  waitFor,
  type SpawnedStdioServer
} from '@mcp-catalog/shared/testing';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpSite, type LocalSite } from './fixtures.js';

// End-to-end: the built bin, as a host would start it. `turbo run test` builds first.
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const TOKEN = 'test-token-0123456789abcdef';

let site: LocalSite;
let dir: string;

beforeAll(async () => {
  site = await startHttpSite();
  site.routes.set('/ok', (_req, res) => res.writeHead(200).end('ok'));
  site.routes.set('/down', (_req, res) => res.writeHead(503).end('down'));
  dir = mkdtempSync(path.join(tmpdir(), 'sitemonitor-e2e-'));
});

afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

const running: SpawnedStdioServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function start(db: string, extra: string[] = []): Promise<SpawnedStdioServer> {
  const server = await spawnStdioServer(process.execPath, [
    bin,
    '--database',
    db,
    '--allow-private-targets',
    '--min-interval-seconds',
    '1',
    ...extra
  ]);
  running.push(server);
  return server;
}

const structured = (result: { structuredContent?: unknown }) => result.structuredContent as Record<string, any>;

describe('built bin', () => {
  it('serves tools over stdio with nothing but JSON-RPC on stdout', async () => {
    const server = await start(path.join(dir, 'stdio.db'), ['--no-scheduler']);
    const { tools } = await server.client.listTools();
    expect(tools).toHaveLength(12);
    const check = await server.client.callTool({ name: 'check_site_status', arguments: { url: `${site.origin}/ok` } });
    expect(structured(check)).toMatchObject({ verdict: 'up', statusCode: 200 });
    const added = await server.client.callTool({
      name: 'add_monitor',
      arguments: { url: `${site.origin}/down`, intervalSeconds: 60 }
    });
    const run = await server.client.callTool({
      name: 'run_monitor_now',
      arguments: { monitorId: structured(added).monitor.id }
    });
    expect(structured(run)).toMatchObject({ status: 'down', incident: { event: 'opened' } });
    await server.close();
    expect(server.stdoutViolations()).toEqual([]);
    expect(server.stderr()).toContain('"msg":"tool call"');
  });

  it('keeps every committed check through a kill -9, and carries on after a restart', async () => {
    const db = path.join(dir, 'restart.db');
    const first = await start(db);
    for (let i = 0; i < 6; i++) {
      await first.client.callTool({
        name: 'add_monitor',
        // A query per monitor: add_monitor refuses a second monitor of the same URL.
        arguments: { url: `${site.origin}/${i % 2 ? 'ok' : 'down'}?copy=${i}`, intervalSeconds: 1 }
      });
    }
    // Let the scheduler write for a while, then kill the process in the middle of its work.
    const seen = await waitFor(
      async () => {
        const history = await first.client.callTool({
          name: 'get_monitor_history',
          arguments: { monitorId: 1, limit: 1 }
        });
        const total = structured(history).total as number;
        return total >= 3 ? total : undefined;
      },
      15_000,
      'three scheduled checks of monitor 1'
    );
    first.transport.process!.kill('SIGKILL');
    await waitFor(() => first.transport.process!.signalCode === 'SIGKILL', 5_000, 'the process to die');

    const raw = new Database(db, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      expect(
        (raw.prepare('SELECT count(*) AS n FROM checks WHERE monitor_id = 1').get() as { n: number }).n
      ).toBeGreaterThanOrEqual(seen);
      const open = raw
        .prepare('SELECT monitor_id, count(*) AS n FROM incidents WHERE ended_at IS NULL GROUP BY monitor_id')
        .all() as Array<{ n: number }>;
      expect(open.every((row) => row.n === 1)).toBe(true);
    } finally {
      raw.close();
    }

    const second = await start(db);
    const { monitors } = structured(await second.client.callTool({ name: 'list_monitors', arguments: {} }));
    expect(monitors).toHaveLength(6);
    const after = structured(
      await second.client.callTool({ name: 'get_monitor_history', arguments: { monitorId: 1, limit: 1 } })
    ).total as number;
    expect(after).toBeGreaterThanOrEqual(seen);
    await waitFor(
      async () =>
        (structured(
          await second.client.callTool({ name: 'get_monitor_history', arguments: { monitorId: 1, limit: 1 } })
        ).total as number) > after,
      10_000,
      'the restarted scheduler to record more checks'
    );
    const incidents = structured(
      await second.client.callTool({ name: 'list_incidents', arguments: { state: 'open' } })
    );
    expect(incidents.total).toBe(3); // the three monitors of /down, one open incident each
  });

  it('offers only checks and reports with --read-only', async () => {
    const server = await start(path.join(dir, 'ro.db'), ['--read-only', '--no-scheduler']);
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'check_site_status',
      'check_ssl_certificate',
      'get_monitor_history',
      'get_uptime_report',
      'list_incidents',
      'list_monitors'
    ]);
  });

  it('serves over HTTP with a token, refuses without one, rejects a foreign Host, and answers /healthz', async () => {
    const server = await spawnHttpServer(process.execPath, [bin, '--database', ':memory:', '--no-scheduler'], {
      env: { MCP_AUTH_TOKEN: TOKEN }
    });
    try {
      const client = await server.connect(TOKEN);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('check_site_status');
      // A 2025-era client over stateless HTTP has no connection to push updates on.
      expect(client.getServerCapabilities()?.resources?.subscribe).toBeFalsy();
      const refused = await client.callTool({ name: 'check_site_status', arguments: { url: `${site.origin}/ok` } });
      expect(refused.isError).toBe(true); // private targets are off by default

      const anonymous = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      });
      expect(anonymous.status).toBe(401);
      const rebinding = await rawHttpRequest(server.url, {
        method: 'POST',
        headers: { host: 'evil.example', authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: '{}'
      });
      expect(rebinding.status).toBe(403);
      // Anonymous callers learn only ok / not ok; the details need the token that guards /mcp.
      expect(await (await fetch(`${server.origin}/healthz`)).json()).toEqual({ status: 'ok' });
      const health = await fetch(`${server.origin}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        server: 'mcp-server-sitemonitor',
        checks: { monitors: 0, scheduler: 'off' }
      });
    } finally {
      await server.close();
    }
  });

  it('tells a 2026-07-28 client listening over HTTP when a monitor changes state', async () => {
    let healthy = true;
    site.routes.set('/flip', (_req, res) => res.writeHead(healthy ? 200 : 503).end());
    const server = await spawnHttpServer(
      process.execPath,
      [bin, '--database', ':memory:', '--no-scheduler', '--allow-private-targets'],
      { env: { MCP_AUTH_TOKEN: TOKEN } }
    );
    try {
      const client = new Client({ name: 'listen-e2e', version: '0.0.0' });
      client.setVersionNegotiation({ mode: { pin: '2026-07-28' } });
      await client.connect(
        new StreamableHTTPClientTransport(server.url, {
          requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } }
        })
      );
      const added = await client.callTool({ name: 'add_monitor', arguments: { url: `${site.origin}/flip` } });
      const id = structured(added).monitor.id as number;
      await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: id } });
      const updates: string[] = [];
      client.setNotificationHandler('notifications/resources/updated', (n) => void updates.push(n.params.uri));
      const subscription = await client.listen({ resourceSubscriptions: [`sitemonitor://monitors/${id}`] });
      healthy = false;
      await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: id } });
      await waitFor(() => updates.length > 0, 5_000, 'a resources/updated on the listen stream');
      expect(updates[0]).toBe(`sitemonitor://monitors/${id}`);
      await subscription.close();
      await client.close();
    } finally {
      await server.close();
    }
  });

  it('exits non-zero naming the setting when the configuration is bad', () => {
    const bad = spawnSync(process.execPath, [bin, '--max-concurrent-checks', '0'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--max-concurrent-checks / SITEMONITOR_MAX_CONCURRENT_CHECKS');
    expect(bad.stdout).toBe('');
    const missingCa = spawnSync(
      process.execPath,
      [bin, '--database', ':memory:', '--ca-file', path.join(dir, 'missing.pem')],
      { encoding: 'utf8' }
    );
    expect(missingCa.status).toBe(1);
    expect(missingCa.stderr).toMatch(/could not start: --ca-file .* cannot be read: ENOENT/);
  });

  it('prints --help and --version', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('SITEMONITOR_DATABASE');
    expect(help.stdout).toContain('--allow-private-targets');
    const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
