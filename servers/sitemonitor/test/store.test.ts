import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SiteCheckResult, Verdict } from '../src/monitor/site-check.js';
import { MonitorStore, type MonitorSettings } from '../src/monitor/store.js';

let dir: string;
let store: MonitorStore;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const MIN = 60_000;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitemonitor-store-'));
  store = new MonitorStore(path.join(dir, 'nested', 'monitors.db'));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const settings = (extra: Partial<MonitorSettings> = {}): MonitorSettings => ({
  name: 'example',
  url: 'https://example.com/',
  method: 'GET',
  intervalSeconds: 60,
  timeoutSeconds: 10,
  expectedStatus: null,
  expectedText: null,
  slowMs: null,
  sslWarningDays: 14,
  ...extra
});

function result(verdict: Verdict, at: number, extra: Partial<SiteCheckResult> = {}): SiteCheckResult {
  const failed = verdict === 'down' && extra.statusCode === undefined;
  return {
    url: 'https://example.com/',
    finalUrl: 'https://example.com/',
    checkedAt: new Date(at).toISOString(),
    verdict,
    reason: `${verdict} at ${at}`,
    statusCode: failed ? null : 200,
    statusText: failed ? null : 'OK',
    totalMs: 100,
    timings: failed ? null : { dnsMs: 1, connectMs: 2, tlsMs: 3, firstByteMs: 4, totalMs: 100 },
    remoteAddress: failed ? null : '93.184.216.34',
    redirects: [],
    headers: {},
    tls: null,
    body: { bytesRead: 0, truncated: false, expectedTextFound: null },
    errorCode: failed ? 'connection_refused' : null,
    ...extra
  };
}

describe('MonitorStore', () => {
  it('creates the file with WAL journaling and the schema', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('user_version', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('adds, reads, lists with filters and pages monitors', () => {
    const a = store.addMonitor(settings({ name: 'a', expectedStatus: [200, 204] }), T0);
    const b = store.addMonitor(settings({ name: 'b' }), T0);
    store.addMonitor(settings({ name: 'c' }), T0);
    expect(a).toMatchObject({
      id: 1,
      name: 'a',
      expectedStatus: [200, 204],
      paused: false,
      status: 'pending',
      nextRunAt: new Date(T0).toISOString()
    });
    store.setPaused(b.id, true, T0);
    expect(store.listMonitors({ offset: 0, limit: 10 }).total).toBe(3);
    expect(store.listMonitors({ paused: true, offset: 0, limit: 10 }).items.map((m) => m.name)).toEqual(['b']);
    expect(store.listMonitors({ status: 'pending', paused: false, offset: 1, limit: 1 })).toMatchObject({
      total: 2,
      items: [{ name: 'c' }]
    });
    expect(store.getMonitor(99)).toBeUndefined();
  });

  it('updates only the given fields, clears with null, and reschedules', () => {
    const monitor = store.addMonitor(settings({ expectedText: 'hello', slowMs: 500 }), T0);
    const updated = store.updateMonitor(monitor.id, { intervalSeconds: 120, expectedText: null }, T0 + MIN)!;
    expect(updated).toMatchObject({
      intervalSeconds: 120,
      expectedText: null,
      slowMs: 500,
      name: 'example',
      nextRunAt: new Date(T0 + MIN).toISOString()
    });
    expect(store.updateMonitor(999, { name: 'x' }, T0)).toBeUndefined();
  });

  it('moves status, and opens, extends and closes incidents with their causes', () => {
    const { id } = store.addMonitor(settings(), T0);
    const first = store.recordCheck(id, result('up', T0))!;
    expect(first).toMatchObject({ previousStatus: 'pending', status: 'up', changed: true, incident: null });

    const down = store.recordCheck(id, result('down', T0 + MIN, { reason: 'connection refused' }))!;
    expect(down.changed).toBe(true);
    expect(down.incident).toMatchObject({
      event: 'opened',
      incident: { open: true, cause: 'connection refused', errorCode: 'connection_refused', failedChecks: 1 }
    });
    expect(store.getMonitor(id)).toMatchObject({
      status: 'down',
      statusReason: 'connection refused',
      statusSince: new Date(T0 + MIN).toISOString()
    });

    const still = store.recordCheck(id, result('down', T0 + 2 * MIN))!;
    expect(still).toMatchObject({ changed: false, incident: { event: 'continued', incident: { failedChecks: 2 } } });
    expect(store.getMonitor(id)!.statusSince).toBe(new Date(T0 + MIN).toISOString());

    const back = store.recordCheck(id, result('degraded', T0 + 3 * MIN, { reason: 'slow' }))!;
    expect(back.incident).toMatchObject({
      event: 'closed',
      incident: { open: false, resolution: 'slow', durationSeconds: 120, endedAt: new Date(T0 + 3 * MIN).toISOString() }
    });
    expect(store.recordCheck(id, result('up', T0 + 4 * MIN))!.incident).toBeNull();
    expect(store.listIncidents({ state: 'all', offset: 0, limit: 10 }, T0).total).toBe(1);
  });

  it('never keeps two open incidents for one monitor', () => {
    const { id } = store.addMonitor(settings(), T0);
    store.recordCheck(id, result('down', T0));
    expect(() =>
      store.db.prepare('INSERT INTO incidents (monitor_id, started_at, cause) VALUES (?, ?, ?)').run(id, T0, 'dup')
    ).toThrow(/UNIQUE/);
  });

  it('ignores a check for a monitor removed while it ran', () => {
    const { id } = store.addMonitor(settings(), T0);
    store.removeMonitor(id);
    expect(store.recordCheck(id, result('up', T0))).toBeUndefined();
    expect(store.db.prepare('SELECT count(*) AS n FROM checks').get()).toEqual({ n: 0 });
  });

  it('removes a monitor with its history and incidents', () => {
    const keep = store.addMonitor(settings({ name: 'keep' }), T0);
    const gone = store.addMonitor(settings({ name: 'gone' }), T0);
    for (const id of [keep.id, gone.id]) {
      store.recordCheck(id, result('down', T0));
      store.recordCheck(id, result('up', T0 + MIN));
    }
    expect(store.removeMonitor(gone.id)).toMatchObject({ monitor: { name: 'gone' }, checks: 2, incidents: 1 });
    expect(store.removeMonitor(gone.id)).toBeUndefined();
    expect(store.history(gone.id, { offset: 0, limit: 10 }).total).toBe(0);
    expect(store.history(keep.id, { offset: 0, limit: 10 }).total).toBe(2);
    expect(store.listIncidents({ state: 'all', offset: 0, limit: 10 }, T0).items.map((i) => i.monitorName)).toEqual([
      'keep'
    ]);
  });

  it('pages history newest first with time and verdict filters', () => {
    const { id } = store.addMonitor(settings(), T0);
    for (let i = 0; i < 10; i++) store.recordCheck(id, result(i % 3 === 0 ? 'down' : 'up', T0 + i * MIN));
    const page = store.history(id, { offset: 2, limit: 3 });
    expect(page.total).toBe(10);
    expect(page.items.map((c) => c.checkedAt)).toEqual([7, 6, 5].map((i) => new Date(T0 + i * MIN).toISOString()));
    expect(store.history(id, { verdict: 'down', offset: 0, limit: 10 }).total).toBe(4);
    expect(store.history(id, { since: T0 + 5 * MIN, until: T0 + 8 * MIN, offset: 0, limit: 10 }).total).toBe(3);
    expect(page.items[0]!.timings).toEqual({ dnsMs: 1, connectMs: 2, tlsMs: 3, firstByteMs: 4 });
  });

  it('reports uptime, nearest-rank latency percentiles and downtime inside the window', () => {
    const { id } = store.addMonitor(settings(), T0);
    // 20 timed checks of 10, 20, ... 200 ms, then an outage from minute 20 to minute 30.
    for (let i = 1; i <= 20; i++)
      store.recordCheck(id, result(i === 20 ? 'degraded' : 'up', T0 + i * MIN, { totalMs: i * 10 }));
    store.recordCheck(id, result('down', T0 + 20 * MIN + 1));
    store.recordCheck(id, result('down', T0 + 25 * MIN));
    store.recordCheck(id, result('up', T0 + 30 * MIN, { totalMs: 15 }));

    const report = store.uptime(id, T0, T0 + 60 * MIN, 10);
    expect(report).toMatchObject({ checks: 23, up: 20, degraded: 1, down: 2, incidentsTotal: 1 });
    expect(report.uptimePercent).toBe(91.304);
    expect(report.latencyMs.p50).toBe(100); // 21 values: 10..200 and 15 → 11th smallest
    expect(report.latencyMs.p95).toBe(190);
    expect(report.downtimeSeconds).toBe(Math.round((10 * MIN - 1) / 1000));

    // A window that starts inside the outage counts only the part inside it.
    const late = store.uptime(id, T0 + 25 * MIN, T0 + 60 * MIN, 10);
    expect(late.downtimeSeconds).toBe(300);
    expect(store.uptime(id, T0 + 100 * MIN, T0 + 200 * MIN, 10)).toMatchObject({
      checks: 0,
      uptimePercent: null,
      latencyMs: { p50: null, p95: null, average: null }
    });
  });

  it('counts an open incident up to the end of the window', () => {
    const { id } = store.addMonitor(settings(), T0);
    store.recordCheck(id, result('down', T0 + 10 * MIN));
    expect(store.uptime(id, T0, T0 + 40 * MIN, 10).downtimeSeconds).toBe(1800);
    expect(store.listIncidents({ state: 'open', offset: 0, limit: 10 }, T0 + 40 * MIN).items[0]!.durationSeconds).toBe(
      1800
    );
    expect(store.listIncidents({ state: 'closed', offset: 0, limit: 10 }, T0).total).toBe(0);
  });

  it('lists incidents by monitor, state and recency', () => {
    const a = store.addMonitor(settings({ name: 'a' }), T0);
    const b = store.addMonitor(settings({ name: 'b' }), T0);
    store.recordCheck(a.id, result('down', T0));
    store.recordCheck(a.id, result('up', T0 + MIN));
    store.recordCheck(b.id, result('down', T0 + 100 * MIN));
    expect(
      store.listIncidents({ monitorId: a.id, state: 'all', offset: 0, limit: 10 }, T0).items.map((i) => i.monitorName)
    ).toEqual(['a']);
    expect(store.listIncidents({ state: 'open', offset: 0, limit: 10 }, T0).items.map((i) => i.monitorName)).toEqual([
      'b'
    ]);
    expect(
      store
        .listIncidents({ state: 'all', since: T0 + 50 * MIN, offset: 0, limit: 10 }, T0)
        .items.map((i) => i.monitorName)
    ).toEqual(['b']);
  });

  it('hands out each due run to one claimant only, even across two processes sharing the file', () => {
    const other = new MonitorStore(path.join(dir, 'nested', 'monitors.db'));
    try {
      store.addMonitor(settings(), T0);
      const paused = store.addMonitor(settings({ name: 'paused' }), T0);
      store.setPaused(paused.id, true, T0);
      const [due] = store.dueMonitors(T0 + 1, 10);
      expect(store.dueMonitors(T0 + 1, 10)).toHaveLength(1);
      expect(store.dueMonitors(T0 + 1, 10, [due!.id])).toHaveLength(0);
      const [seenByOther] = other.dueMonitors(T0 + 1, 10);
      expect(store.claimRun(due!, T0 + MIN)).toBe(true);
      expect(other.claimRun(seenByOther!, T0 + MIN)).toBe(false);
      expect(store.dueMonitors(T0 + 1, 10)).toHaveLength(0);
      expect(store.getMonitor(due!.id)!.nextRunAt).toBe(new Date(T0 + MIN).toISOString());
    } finally {
      other.close();
    }
  });

  it('prunes old checks and closed incidents but keeps open ones', () => {
    const { id } = store.addMonitor(settings(), T0);
    store.recordCheck(id, result('down', T0));
    store.recordCheck(id, result('up', T0 + MIN));
    store.recordCheck(id, result('down', T0 + 2 * MIN));
    store.recordCheck(id, result('down', T0 + 100 * MIN));
    expect(store.prune(T0 + 50 * MIN)).toEqual({ checks: 3, incidents: 1 });
    expect(store.listIncidents({ state: 'open', offset: 0, limit: 10 }, T0).total).toBe(1);
    expect(store.history(id, { offset: 0, limit: 10 }).total).toBe(1);
  });

  it('keeps everything across a reopen and refuses a database from a newer version', () => {
    const { id } = store.addMonitor(settings(), T0);
    store.recordCheck(id, result('up', T0));
    store.close();
    store = new MonitorStore(path.join(dir, 'nested', 'monitors.db'));
    expect(store.history(id, { offset: 0, limit: 10 }).total).toBe(1);
    store.db.pragma('user_version = 99');
    store.close();
    expect(() => new MonitorStore(path.join(dir, 'nested', 'monitors.db'))).toThrow(/newer than this server knows/);
    store = new MonitorStore(':memory:');
  });
});
