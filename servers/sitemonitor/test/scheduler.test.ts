import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutboundPolicy } from '@mcp-catalog/shared';
import { memoryLogger } from '@mcp-catalog/shared/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MonitorEvents, type MonitorEvent } from '../src/monitor/events.js';
import { Scheduler } from '../src/monitor/scheduler.js';
import { MonitorService } from '../src/monitor/service.js';
import { SiteChecker } from '../src/monitor/site-check.js';
import { MonitorStore, type MonitorSettings } from '../src/monitor/store.js';
import { waitFor } from '@mcp-catalog/shared/testing';
import { startHttpSite, type LocalSite } from './fixtures.js';

let site: LocalSite;
let dir: string;
let store: MonitorStore;
let service: MonitorService;
let events: MonitorEvent[];
let scheduler: Scheduler | undefined;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  site = await startHttpSite();
  site.routes.set('/ok', (_req, res) => res.writeHead(200).end('ok'));
  site.routes.set('/reset', (req) => req.socket.resetAndDestroy());
  site.routes.set('/hang', () => undefined);
  site.routes.set('/slow', (_req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200).end('slow');
    }, 150);
  });
});

afterAll(() => site.close());

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sitemonitor-scheduler-'));
  store = new MonitorStore(path.join(dir, 'monitors.db'));
  const bus = new MonitorEvents();
  events = [];
  bus.subscribe((event) => events.push(event));
  const checker = new SiteChecker({
    policy: new OutboundPolicy({ allowPrivate: true }),
    maxResponseBytes: 65_536,
    userAgent: 'test'
  });
  service = new MonitorService(store, checker, bus, memoryLogger().logger);
  inFlight = 0;
  maxInFlight = 0;
});

afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const settings = (route: string, extra: Partial<MonitorSettings> = {}): MonitorSettings => ({
  name: route,
  url: `${site.origin}${route}`,
  method: 'GET',
  intervalSeconds: 1,
  timeoutSeconds: 5,
  expectedStatus: null,
  expectedText: null,
  slowMs: null,
  sslWarningDays: 14,
  ...extra
});

function start(options: Partial<ConstructorParameters<typeof Scheduler>[2]> = {}): Scheduler {
  const { logger } = memoryLogger();
  scheduler = new Scheduler(service, logger, { concurrency: 4, retentionMs: 86_400_000, tickMs: 20, ...options });
  scheduler.start();
  return scheduler;
}

const checksOf = (id: number) => store.history(id, { offset: 0, limit: 100 }).total;

describe('Scheduler', () => {
  it('runs due monitors again after each interval', async () => {
    const { id } = service.add(settings('/ok'));
    start();
    await waitFor(() => checksOf(id) >= 3, 8_000, 'three checks');
    const times = store
      .history(id, { offset: 0, limit: 3 })
      .items.map((c) => Date.parse(c.checkedAt))
      .reverse();
    // Each run is spaced by the interval (1 s) plus up to 10% jitter.
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(950);
    expect(store.getMonitor(id)!.status).toBe('up');
  });

  it('spreads the next run by the jitter', async () => {
    const { id } = service.add(settings('/ok', { intervalSeconds: 100 }));
    const before = Date.now();
    start({ random: () => 0.999 });
    await waitFor(() => checksOf(id) >= 1, 5_000, 'first check');
    const next = Date.parse(store.getMonitor(id)!.nextRunAt);
    expect(next - before).toBeGreaterThanOrEqual(100_000 + 9_900);
    expect(next - before).toBeLessThan(100_000 + 10_000 + 5_000);
  });

  it('never runs more checks at once than its concurrency', async () => {
    const ids = Array.from({ length: 8 }, () => service.add(settings('/slow')).id);
    start({ concurrency: 2 });
    await waitFor(() => ids.every((id) => checksOf(id) >= 1), 10_000, 'every monitor checked once');
    expect(maxInFlight).toBe(2);
  });

  it('keeps going when a target fails, opening an incident for it', async () => {
    const bad = service.add(settings('/reset')).id;
    const good = service.add(settings('/ok')).id;
    start();
    await waitFor(() => checksOf(bad) >= 2 && checksOf(good) >= 2, 8_000, 'two checks each');
    expect(store.getMonitor(bad)).toMatchObject({ status: 'down' });
    expect(store.getMonitor(good)).toMatchObject({ status: 'up' });
    const open = store.listIncidents({ state: 'open', offset: 0, limit: 10 }, Date.now()).items;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ monitorId: bad, errorCode: 'connection_reset' });
    expect(open[0]!.failedChecks).toBeGreaterThanOrEqual(2);
    expect(events).toContainEqual({ type: 'status_changed', monitorId: bad });
  });

  it('skips paused monitors and picks up a resumed one at once', async () => {
    const { id } = service.add(settings('/ok', { intervalSeconds: 3600 }));
    service.setPaused(id, true);
    start({ tickMs: 60_000 }); // only a wake-up can start the check within the test
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checksOf(id)).toBe(0);
    service.setPaused(id, false);
    await waitFor(() => checksOf(id) === 1, 5_000, 'check after resume');
  });

  it('stops promptly, cancelling running checks without recording them as down', async () => {
    const { id } = service.add(settings('/hang', { timeoutSeconds: 60 }));
    const running = start();
    await waitFor(() => site.hits('/hang') >= 1 && running.runningCount === 1, 5_000, 'a hanging check');
    const started = Date.now();
    await running.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(running.runningCount).toBe(0);
    expect(checksOf(id)).toBe(0);
    expect(store.getMonitor(id)!.status).toBe('pending');
  });

  it('prunes history older than the retention', async () => {
    const { id } = service.add(settings('/ok', { intervalSeconds: 3600 }));
    store.db
      .prepare("INSERT INTO checks (monitor_id, checked_at, verdict, reason) VALUES (?, ?, 'up', 'old')")
      .run(id, Date.now() - 10 * 86_400_000);
    start({ retentionMs: 86_400_000 });
    await waitFor(
      () => checksOf(id) === 1 && store.history(id, { offset: 0, limit: 1 }).items[0]!.reason !== 'old',
      5_000,
      'old check pruned'
    );
  });

  it('leaves a monitor its policy refuses to a process sharing the database that may check it', async () => {
    const { id } = service.add(settings('/ok'));
    // A second process on the same file whose policy refuses loopback (the default): it must not record "down".
    const strictStore = new MonitorStore(path.join(dir, 'monitors.db'));
    const strict = new MonitorService(
      strictStore,
      new SiteChecker({
        policy: new OutboundPolicy({ allowPrivate: false }),
        maxResponseBytes: 65_536,
        userAgent: 't'
      }),
      new MonitorEvents(),
      memoryLogger().logger
    );
    const strictScheduler = new Scheduler(strict, memoryLogger().logger, {
      concurrency: 4,
      retentionMs: 86_400_000,
      tickMs: 20
    });
    const hitsBefore = site.hits('/ok');
    try {
      strictScheduler.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(checksOf(id)).toBe(0); // refused here: nothing recorded, no packet sent
      expect(site.hits('/ok')).toBe(hitsBefore);
      expect(store.getMonitor(id)!.status).toBe('pending');
      start();
      await waitFor(() => checksOf(id) >= 2, 8_000, 'two checks by the permissive process');
      expect(store.history(id, { offset: 0, limit: 100 }).items.every((c) => c.verdict === 'up')).toBe(true);
      expect(store.listIncidents({ state: 'open', offset: 0, limit: 10 }, Date.now()).items).toHaveLength(0);
    } finally {
      await strictScheduler.stop();
      strictStore.close();
    }
  });
});
