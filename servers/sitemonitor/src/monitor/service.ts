import type { Logger } from '@mcp-catalog/shared';
import type { MonitorEvents } from './events.js';
import type { SiteChecker, SiteCheckOptions } from './site-check.js';
import type { Monitor, MonitorSettings, MonitorStore, RecordedCheck } from './store.js';

/**
 * A check this process may not make: its outbound policy refuses the target (another process
 * sharing the database may allow it). Nothing is recorded: a refusal here says nothing about the site.
 */
export class NotCheckableHereError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NotCheckableHereError';
  }
}

/** Failure codes that are this process's own refusal, not the site's failure. */
const REFUSED_HERE = new Set(['refused_address']);

/** Redirects a monitor follows; a longer chain is itself a problem worth a "down". */
const MONITOR_MAX_REDIRECTS = 5;

/**
 * The monitor operations tools and the scheduler share: each write goes to the store and is then
 * announced, so subscribed clients and the scheduler hear about it.
 */
export class MonitorService {
  constructor(
    readonly store: MonitorStore,
    readonly checker: SiteChecker,
    readonly events: MonitorEvents,
    private readonly logger: Logger
  ) {}

  add(settings: MonitorSettings): Monitor {
    const monitor = this.store.addMonitor(settings, Date.now());
    this.events.publish({ type: 'monitor_changed', monitorId: monitor.id });
    return monitor;
  }

  update(id: number, patch: Partial<MonitorSettings>): Monitor | undefined {
    const monitor = this.store.updateMonitor(id, patch, Date.now());
    if (monitor) this.events.publish({ type: 'monitor_changed', monitorId: id });
    return monitor;
  }

  setPaused(id: number, paused: boolean): Monitor | undefined {
    const monitor = this.store.setPaused(id, paused, Date.now());
    if (monitor) this.events.publish({ type: 'monitor_changed', monitorId: id });
    return monitor;
  }

  remove(id: number): ReturnType<MonitorStore['removeMonitor']> {
    const removed = this.store.removeMonitor(id);
    if (removed) this.events.publish({ type: 'monitor_removed', monitorId: id });
    return removed;
  }

  /**
   * Checks a monitor's site and records the result. Returns undefined when the check was cancelled
   * (shutdown: a cut-off check says nothing about the site) or the monitor was removed meanwhile.
   * Throws NotCheckableHereError, recording nothing, when this process's outbound policy refuses the target.
   */
  async run(monitor: Monitor, signal?: AbortSignal): Promise<RecordedCheck | undefined> {
    const result = await this.checker.check(monitor.url, { ...checkOptionsOf(monitor), ...(signal ? { signal } : {}) });
    if (signal?.aborted) return undefined;
    if (result.errorCode && REFUSED_HERE.has(result.errorCode)) throw new NotCheckableHereError(result.reason);
    const recorded = this.store.recordCheck(monitor.id, result);
    if (!recorded) return undefined;
    this.events.publish({ type: 'checked', monitorId: monitor.id });
    if (recorded.changed) {
      this.logger.info('monitor status changed', {
        monitorId: monitor.id,
        from: recorded.previousStatus,
        to: recorded.status
      });
      this.events.publish({ type: 'status_changed', monitorId: monitor.id });
    }
    return recorded;
  }
}

function checkOptionsOf(monitor: Monitor): SiteCheckOptions {
  return {
    method: monitor.method,
    expectedStatus: monitor.expectedStatus ?? undefined,
    expectedText: monitor.expectedText ?? undefined,
    timeoutMs: monitor.timeoutSeconds * 1000,
    maxRedirects: MONITOR_MAX_REDIRECTS,
    slowMs: monitor.slowMs ?? undefined,
    sslWarningDays: monitor.sslWarningDays
  };
}
