import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { configureDatabase, migrate, type Migration } from '@mcp-catalog/shared';
import type { SiteCheckResult, Verdict } from './site-check.js';

export type MonitorStatus = 'pending' | Verdict;

/** What a caller chooses about a monitor. */
export interface MonitorSettings {
  name: string;
  url: string;
  method: 'GET' | 'HEAD';
  intervalSeconds: number;
  timeoutSeconds: number;
  /** Acceptable status codes; null means any status below 400. */
  expectedStatus: number[] | null;
  expectedText: string | null;
  /** A check slower than this is degraded; null turns the rule off. */
  slowMs: number | null;
  sslWarningDays: number;
}

export interface Monitor extends MonitorSettings {
  id: number;
  paused: boolean;
  status: MonitorStatus;
  statusReason: string | null;
  statusSince: string | null;
  lastCheckedAt: string | null;
  nextRunAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRecord {
  id: number;
  monitorId: number;
  checkedAt: string;
  verdict: Verdict;
  reason: string;
  statusCode: number | null;
  errorCode: string | null;
  totalMs: number | null;
  timings: { dnsMs: number; connectMs: number; tlsMs: number | null; firstByteMs: number } | null;
  certDaysLeft: number | null;
  finalUrl: string | null;
}

export interface Incident {
  id: number;
  monitorId: number;
  monitorName: string;
  url: string;
  open: boolean;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number;
  cause: string;
  errorCode: string | null;
  statusCode: number | null;
  failedChecks: number;
  resolution: string | null;
}

export interface RecordedCheck {
  check: CheckRecord;
  previousStatus: MonitorStatus;
  status: Verdict;
  changed: boolean;
  incident: { event: 'opened' | 'continued' | 'closed'; incident: Incident } | null;
}

export interface UptimeReport {
  from: string;
  to: string;
  checks: number;
  up: number;
  degraded: number;
  down: number;
  /** Share of checks that were up or degraded; null with no checks. */
  uptimePercent: number | null;
  latencyMs: { p50: number | null; p95: number | null; average: number | null };
  incidents: Incident[];
  /** Time inside the window covered by incidents. */
  downtimeSeconds: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'monitors, checks and incidents',
    up: `
      CREATE TABLE monitors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        url TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('GET', 'HEAD')),
        interval_seconds INTEGER NOT NULL CHECK (interval_seconds > 0),
        timeout_seconds INTEGER NOT NULL CHECK (timeout_seconds > 0),
        expected_status TEXT,
        expected_text TEXT,
        slow_ms INTEGER,
        ssl_warning_days INTEGER NOT NULL,
        paused INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'up', 'degraded', 'down')),
        status_reason TEXT,
        status_since INTEGER,
        last_checked_at INTEGER,
        next_run_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX monitors_due ON monitors (paused, next_run_at);
      CREATE TABLE checks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        checked_at INTEGER NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('up', 'degraded', 'down')),
        reason TEXT NOT NULL,
        status_code INTEGER,
        error_code TEXT,
        total_ms REAL,
        dns_ms REAL,
        connect_ms REAL,
        tls_ms REAL,
        first_byte_ms REAL,
        cert_days_left INTEGER,
        final_url TEXT
      );
      -- Covers history pages and uptime reports without touching the table rows.
      CREATE INDEX checks_by_monitor ON checks (monitor_id, checked_at, verdict, total_ms);
      CREATE INDEX checks_by_time ON checks (checked_at);
      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        cause TEXT NOT NULL,
        error_code TEXT,
        status_code INTEGER,
        failed_checks INTEGER NOT NULL DEFAULT 1,
        resolution TEXT
      );
      CREATE INDEX incidents_by_monitor ON incidents (monitor_id, started_at);
      CREATE UNIQUE INDEX one_open_incident_per_monitor ON incidents (monitor_id) WHERE ended_at IS NULL;
    `
  }
];

interface MonitorRow {
  id: number;
  name: string;
  url: string;
  method: 'GET' | 'HEAD';
  interval_seconds: number;
  timeout_seconds: number;
  expected_status: string | null;
  expected_text: string | null;
  slow_ms: number | null;
  ssl_warning_days: number;
  paused: number;
  status: MonitorStatus;
  status_reason: string | null;
  status_since: number | null;
  last_checked_at: number | null;
  next_run_at: number;
  created_at: number;
  updated_at: number;
}

interface CheckRow {
  id: number;
  monitor_id: number;
  checked_at: number;
  verdict: Verdict;
  reason: string;
  status_code: number | null;
  error_code: string | null;
  total_ms: number | null;
  dns_ms: number | null;
  connect_ms: number | null;
  tls_ms: number | null;
  first_byte_ms: number | null;
  cert_days_left: number | null;
  final_url: string | null;
}

interface IncidentRow {
  id: number;
  monitor_id: number;
  monitor_name: string;
  url: string;
  started_at: number;
  ended_at: number | null;
  cause: string;
  error_code: string | null;
  status_code: number | null;
  failed_checks: number;
  resolution: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** Latency of a check that got an answer; NULL for failed checks, which have no meaningful latency. */
const TIMED = "CASE WHEN verdict != 'down' THEN total_ms END";

const INCIDENT_SELECT = `SELECT i.*, m.name AS monitor_name, m.url AS url FROM incidents i JOIN monitors m ON m.id = i.monitor_id`;

/**
 * Monitors, their check history and incidents in one SQLite file (WAL, synchronous=NORMAL: a
 * kill -9 loses nothing that was committed). Every write that spans tables is one transaction.
 */
export class MonitorStore {
  readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    configureDatabase(this.db);
    migrate(this.db, MIGRATIONS);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  countMonitors(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM monitors').get() as { n: number }).n;
  }

  addMonitor(settings: MonitorSettings, now: number): Monitor {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO monitors (name, url, method, interval_seconds, timeout_seconds, expected_status, expected_text, slow_ms, ssl_warning_days, next_run_at, created_at, updated_at)
         VALUES (@name, @url, @method, @intervalSeconds, @timeoutSeconds, @expectedStatus, @expectedText, @slowMs, @sslWarningDays, @now, @now, @now)`
      )
      .run({
        ...settings,
        expectedStatus: settings.expectedStatus ? JSON.stringify(settings.expectedStatus) : null,
        now
      });
    return this.getMonitor(Number(lastInsertRowid))!;
  }

  getMonitor(id: number): Monitor | undefined {
    const row = this.db.prepare('SELECT * FROM monitors WHERE id = ?').get(id) as MonitorRow | undefined;
    return row && toMonitor(row);
  }

  findMonitorsByUrl(url: string, limit: number): Monitor[] {
    return (
      this.db.prepare('SELECT * FROM monitors WHERE url = ? ORDER BY id LIMIT ?').all(url, limit) as MonitorRow[]
    ).map(toMonitor);
  }

  listMonitors(filter: { status?: MonitorStatus; paused?: boolean; offset: number; limit: number }): Page<Monitor> {
    const where: string[] = [];
    const params: Record<string, unknown> = { offset: filter.offset, limit: filter.limit };
    if (filter.status) {
      where.push('status = @status');
      params.status = filter.status;
    }
    if (filter.paused !== undefined) {
      where.push('paused = @paused');
      params.paused = filter.paused ? 1 : 0;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM monitors ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM monitors ${clause} ORDER BY id LIMIT @limit OFFSET @offset`)
      .all(params) as MonitorRow[];
    return { items: rows.map(toMonitor), total };
  }

  /** Changes settings; the monitor then runs at once so its status reflects them. */
  updateMonitor(id: number, patch: Partial<MonitorSettings>, now: number): Monitor | undefined {
    const columns: Record<keyof MonitorSettings, string> = {
      name: 'name',
      url: 'url',
      method: 'method',
      intervalSeconds: 'interval_seconds',
      timeoutSeconds: 'timeout_seconds',
      expectedStatus: 'expected_status',
      expectedText: 'expected_text',
      slowMs: 'slow_ms',
      sslWarningDays: 'ssl_warning_days'
    };
    const sets = ['updated_at = @now', 'next_run_at = @now'];
    const params: Record<string, unknown> = { id, now };
    for (const [key, column] of Object.entries(columns) as Array<[keyof MonitorSettings, string]>) {
      if (!(key in patch)) continue;
      const value = patch[key];
      sets.push(`${column} = @${key}`);
      params[key] = key === 'expectedStatus' && Array.isArray(value) ? JSON.stringify(value) : (value ?? null);
    }
    const { changes } = this.db.prepare(`UPDATE monitors SET ${sets.join(', ')} WHERE id = @id`).run(params);
    return changes ? this.getMonitor(id) : undefined;
  }

  setPaused(id: number, paused: boolean, now: number): Monitor | undefined {
    const { changes } = this.db
      .prepare(
        'UPDATE monitors SET paused = ?, updated_at = ?, next_run_at = CASE WHEN ? THEN next_run_at ELSE ? END WHERE id = ?'
      )
      .run(paused ? 1 : 0, now, paused ? 1 : 0, now, id);
    return changes ? this.getMonitor(id) : undefined;
  }

  /** Deletes a monitor with its history and incidents; returns what was deleted. */
  removeMonitor(id: number): { monitor: Monitor; checks: number; incidents: number } | undefined {
    return this.db.transaction(() => {
      const monitor = this.getMonitor(id);
      if (!monitor) return undefined;
      const checks = (this.db.prepare('SELECT count(*) AS n FROM checks WHERE monitor_id = ?').get(id) as { n: number })
        .n;
      const incidents = (
        this.db.prepare('SELECT count(*) AS n FROM incidents WHERE monitor_id = ?').get(id) as { n: number }
      ).n;
      this.db.prepare('DELETE FROM monitors WHERE id = ?').run(id);
      return { monitor, checks, incidents };
    })();
  }

  /** Unpaused monitors whose next run is due, earliest first. */
  dueMonitors(now: number, limit: number, exclude: readonly number[] = []): Monitor[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM monitors WHERE paused = 0 AND next_run_at <= ? AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_run_at LIMIT ?`
      )
      .all(now, JSON.stringify(exclude), limit) as MonitorRow[];
    return rows.map(toMonitor);
  }

  /**
   * Moves a due monitor's next run forward if nobody else did since it was read: two processes
   * sharing one file never run the same check twice.
   */
  claimRun(monitor: Pick<Monitor, 'id' | 'nextRunAt'>, nextRunAt: number): boolean {
    const { changes } = this.db
      .prepare('UPDATE monitors SET next_run_at = ? WHERE id = ? AND next_run_at = ? AND paused = 0')
      .run(nextRunAt, monitor.id, Date.parse(monitor.nextRunAt));
    return changes === 1;
  }

  /** Makes a claimed monitor due again at `at` (a process that could not check it gives it back). */
  releaseRun(monitorId: number, at: number): void {
    this.db.prepare('UPDATE monitors SET next_run_at = ? WHERE id = ? AND paused = 0').run(at, monitorId);
  }

  /**
   * Stores a check, moves the monitor's status and opens, extends or closes its incident, all in
   * one transaction. Returns undefined when the monitor was removed while the check ran.
   */
  recordCheck(monitorId: number, result: SiteCheckResult): RecordedCheck | undefined {
    return this.db.transaction((): RecordedCheck | undefined => {
      const monitor = this.getMonitor(monitorId);
      if (!monitor) return undefined;
      const at = Date.parse(result.checkedAt);
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO checks (monitor_id, checked_at, verdict, reason, status_code, error_code, total_ms, dns_ms, connect_ms, tls_ms, first_byte_ms, cert_days_left, final_url)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          monitorId,
          at,
          result.verdict,
          result.reason,
          result.statusCode,
          result.errorCode,
          result.errorCode ? null : result.totalMs,
          result.timings?.dnsMs ?? null,
          result.timings?.connectMs ?? null,
          result.timings?.tlsMs ?? null,
          result.timings?.firstByteMs ?? null,
          result.tls?.daysLeft ?? null,
          result.finalUrl
        );
      const changed = monitor.status !== result.verdict;
      this.db
        .prepare(
          `UPDATE monitors SET status = ?, status_reason = ?, last_checked_at = ?, status_since = CASE WHEN ? THEN ? ELSE status_since END WHERE id = ?`
        )
        .run(result.verdict, result.reason, at, changed ? 1 : 0, at, monitorId);
      const incident = this.trackIncident(monitorId, result, at);
      const check = toCheck(this.db.prepare('SELECT * FROM checks WHERE id = ?').get(lastInsertRowid) as CheckRow);
      return { check, previousStatus: monitor.status, status: result.verdict, changed, incident };
    })();
  }

  private trackIncident(monitorId: number, result: SiteCheckResult, at: number): RecordedCheck['incident'] {
    const open = this.db
      .prepare('SELECT id FROM incidents WHERE monitor_id = ? AND ended_at IS NULL')
      .get(monitorId) as { id: number } | undefined;
    if (result.verdict === 'down') {
      if (open) {
        this.db.prepare('UPDATE incidents SET failed_checks = failed_checks + 1 WHERE id = ?').run(open.id);
        return { event: 'continued', incident: this.getIncident(open.id)! };
      }
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO incidents (monitor_id, started_at, cause, error_code, status_code) VALUES (?, ?, ?, ?, ?)'
        )
        .run(monitorId, at, result.reason, result.errorCode, result.statusCode);
      return { event: 'opened', incident: this.getIncident(Number(lastInsertRowid))! };
    }
    if (!open) return null;
    this.db.prepare('UPDATE incidents SET ended_at = ?, resolution = ? WHERE id = ?').run(at, result.reason, open.id);
    return { event: 'closed', incident: this.getIncident(open.id)! };
  }

  getIncident(id: number, now = Date.now()): Incident | undefined {
    const row = this.db.prepare(`${INCIDENT_SELECT} WHERE i.id = ?`).get(id) as IncidentRow | undefined;
    return row && toIncident(row, now);
  }

  /** Check history of one monitor, newest first. */
  history(
    monitorId: number,
    filter: { since?: number; until?: number; verdict?: Verdict; offset: number; limit: number }
  ): Page<CheckRecord> {
    const where = ['monitor_id = @monitorId'];
    const params: Record<string, unknown> = { monitorId, offset: filter.offset, limit: filter.limit };
    if (filter.since !== undefined) {
      where.push('checked_at >= @since');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      where.push('checked_at < @until');
      params.until = filter.until;
    }
    if (filter.verdict) {
      where.push('verdict = @verdict');
      params.verdict = filter.verdict;
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM checks WHERE ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM checks WHERE ${clause} ORDER BY checked_at DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all(params) as CheckRow[];
    return { items: rows.map(toCheck), total };
  }

  /** The latest checks across all monitors, newest first, with the monitor's name and URL. */
  latestChecks(limit: number): Array<CheckRecord & { monitorName: string; url: string }> {
    const rows = this.db
      .prepare(
        'SELECT c.*, m.name AS monitor_name, m.url AS url FROM checks c JOIN monitors m ON m.id = c.monitor_id ORDER BY c.checked_at DESC, c.id DESC LIMIT ?'
      )
      .all(limit) as Array<CheckRow & { monitor_name: string; url: string }>;
    return rows.map((row) => ({ ...toCheck(row), monitorName: row.monitor_name, url: row.url }));
  }

  /** Uptime, latency percentiles (of checks that got a response) and incidents over [from, to). */
  uptime(
    monitorId: number,
    from: number,
    to: number,
    incidentLimit: number
  ): UptimeReport & { incidentsTotal: number } {
    const window = { monitorId, from, to, limit: incidentLimit };
    const counts = this.db
      .prepare(
        `SELECT count(*) AS total, coalesce(sum(verdict = 'up'), 0) AS up, coalesce(sum(verdict = 'degraded'), 0) AS degraded,
                coalesce(sum(verdict = 'down'), 0) AS down, count(${TIMED}) AS timed, avg(${TIMED}) AS average
         FROM checks WHERE monitor_id = @monitorId AND checked_at >= @from AND checked_at < @to`
      )
      .get(window) as {
      total: number;
      up: number;
      degraded: number;
      down: number;
      timed: number;
      average: number | null;
    };
    // Nearest-rank percentiles of the checks that got an answer, in one sorted pass.
    const rank = (p: number) => Math.max(1, Math.ceil(p * counts.timed));
    const ranked = counts.timed
      ? (this.db
          .prepare(
            `SELECT rank, ms FROM (
               SELECT row_number() OVER (ORDER BY ${TIMED}) AS rank, ${TIMED} AS ms
               FROM checks WHERE monitor_id = @monitorId AND checked_at >= @from AND checked_at < @to AND ${TIMED} IS NOT NULL
             ) WHERE rank IN (@p50, @p95)`
          )
          .all({ ...window, p50: rank(0.5), p95: rank(0.95) }) as Array<{ rank: number; ms: number }>)
      : [];
    const at = (p: number) => ranked.find((row) => row.rank === rank(p))?.ms ?? null;
    const overlapping = `FROM incidents i JOIN monitors m ON m.id = i.monitor_id
      WHERE i.monitor_id = @monitorId AND i.started_at < @to AND (i.ended_at IS NULL OR i.ended_at > @from)`;
    const outage = this.db
      .prepare(
        `SELECT count(*) AS n, coalesce(sum(max(0, min(coalesce(i.ended_at, @to), @to) - max(i.started_at, @from))), 0) AS ms ${overlapping}`
      )
      .get(window) as { n: number; ms: number };
    const shown = this.db
      .prepare(
        `SELECT i.*, m.name AS monitor_name, m.url AS url ${overlapping} ORDER BY i.started_at DESC LIMIT @limit`
      )
      .all(window) as IncidentRow[];
    return {
      from: iso(from),
      to: iso(to),
      checks: counts.total,
      up: counts.up,
      degraded: counts.degraded,
      down: counts.down,
      uptimePercent: counts.total ? Math.round(((counts.up + counts.degraded) / counts.total) * 100_000) / 1000 : null,
      latencyMs: {
        p50: at(0.5),
        p95: at(0.95),
        average: counts.average === null ? null : Math.round(counts.average * 100) / 100
      },
      incidents: shown.map((row) => toIncident(row, to)),
      incidentsTotal: outage.n,
      downtimeSeconds: Math.round(outage.ms / 1000)
    };
  }

  listIncidents(
    filter: { monitorId?: number; state: 'open' | 'closed' | 'all'; since?: number; offset: number; limit: number },
    now: number
  ): Page<Incident> {
    const where: string[] = [];
    const params: Record<string, unknown> = { offset: filter.offset, limit: filter.limit };
    if (filter.monitorId !== undefined) {
      where.push('i.monitor_id = @monitorId');
      params.monitorId = filter.monitorId;
    }
    if (filter.state === 'open') where.push('i.ended_at IS NULL');
    if (filter.state === 'closed') where.push('i.ended_at IS NOT NULL');
    if (filter.since !== undefined) {
      where.push('(i.ended_at IS NULL OR i.ended_at >= @since)');
      params.since = filter.since;
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM incidents i ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`${INCIDENT_SELECT} ${clause} ORDER BY i.started_at DESC, i.id DESC LIMIT @limit OFFSET @offset`)
      .all(params) as IncidentRow[];
    return { items: rows.map((row) => toIncident(row, now)), total };
  }

  /** Deletes checks and closed incidents older than `before` (ms). */
  prune(before: number): { checks: number; incidents: number } {
    return this.db.transaction(() => ({
      checks: this.db.prepare('DELETE FROM checks WHERE checked_at < ?').run(before).changes,
      incidents: this.db.prepare('DELETE FROM incidents WHERE ended_at IS NOT NULL AND ended_at < ?').run(before)
        .changes
    }))();
  }
}

function toMonitor(row: MonitorRow): Monitor {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    method: row.method,
    intervalSeconds: row.interval_seconds,
    timeoutSeconds: row.timeout_seconds,
    expectedStatus: row.expected_status ? (JSON.parse(row.expected_status) as number[]) : null,
    expectedText: row.expected_text,
    slowMs: row.slow_ms,
    sslWarningDays: row.ssl_warning_days,
    paused: row.paused === 1,
    status: row.status,
    statusReason: row.status_reason,
    statusSince: isoOrNull(row.status_since),
    lastCheckedAt: isoOrNull(row.last_checked_at),
    nextRunAt: iso(row.next_run_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at)
  };
}

function toCheck(row: CheckRow): CheckRecord {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    checkedAt: iso(row.checked_at),
    verdict: row.verdict,
    reason: row.reason,
    statusCode: row.status_code,
    errorCode: row.error_code,
    totalMs: row.total_ms,
    timings:
      row.connect_ms === null
        ? null
        : { dnsMs: row.dns_ms ?? 0, connectMs: row.connect_ms, tlsMs: row.tls_ms, firstByteMs: row.first_byte_ms ?? 0 },
    certDaysLeft: row.cert_days_left,
    finalUrl: row.final_url
  };
}

function toIncident(row: IncidentRow, now: number): Incident {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    monitorName: row.monitor_name,
    url: row.url,
    open: row.ended_at === null,
    startedAt: iso(row.started_at),
    endedAt: isoOrNull(row.ended_at),
    durationSeconds: Math.max(0, Math.round(((row.ended_at ?? now) - row.started_at) / 1000)),
    cause: row.cause,
    errorCode: row.error_code,
    statusCode: row.status_code,
    failedChecks: row.failed_checks,
    resolution: row.resolution
  };
}
