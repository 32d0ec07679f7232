import type { Logger } from '@mcp-catalog/shared';
import { NotCheckableHereError, type MonitorService } from './service.js';
import type { Monitor } from './store.js';

export interface SchedulerOptions {
  /** Checks running at once. */
  concurrency: number;
  /** History older than this is pruned (hourly). */
  retentionMs: number;
  /** How often due monitors are looked for (default 1000 ms). */
  tickMs?: number;
  random?: () => number;
}

const MAX_JITTER_MS = 30_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Runs due monitors in the background: at most `concurrency` at once, each next run spread by up
 * to 10% of its interval (capped at 30 s) so monitors added together do not fire together. A
 * failing target is just a "down" result; an unexpected error is logged and the loop goes on.
 */
export class Scheduler {
  private readonly running = new Map<number, Promise<void>>();
  /** Monitors this process's policy refused, left to other processes until the time given. */
  private readonly notCheckable = new Map<number, number>();
  private readonly controller = new AbortController();
  private readonly tickMs: number;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private lastPrune = 0;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly service: MonitorService,
    private readonly logger: Logger,
    private readonly options: SchedulerOptions
  ) {
    this.tickMs = options.tickMs ?? 1000;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    if (!this.stopped || this.controller.signal.aborted) return;
    this.stopped = false;
    this.unsubscribe = this.service.events.subscribe((event) => {
      if (event.type === 'monitor_changed') this.wake();
    });
    this.wake();
  }

  /** Looks for due monitors now instead of at the next tick. */
  wake(): void {
    this.arm(0);
  }

  /** Stops scheduling, cancels running checks (they record nothing) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    this.controller.abort();
    await Promise.allSettled(this.running.values());
  }

  get runningCount(): number {
    return this.running.size;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.stopped) return;
    try {
      const now = Date.now();
      if (now - this.lastPrune >= PRUNE_EVERY_MS) this.prune(now);
      const free = this.options.concurrency - this.running.size;
      if (free > 0) {
        for (const [id, until] of this.notCheckable) if (until <= now) this.notCheckable.delete(id);
        const exclude = [...this.running.keys(), ...this.notCheckable.keys()];
        for (const monitor of this.service.store.dueMonitors(now, free, exclude)) {
          if (this.service.store.claimRun(monitor, now + this.spacing(monitor))) this.launch(monitor);
        }
      }
    } catch (error) {
      this.logger.error('scheduler tick failed', { error });
    }
    this.arm(this.tickMs);
  }

  private spacing(monitor: Monitor): number {
    const intervalMs = monitor.intervalSeconds * 1000;
    return intervalMs + Math.floor(this.random() * Math.min(intervalMs * 0.1, MAX_JITTER_MS));
  }

  private launch(monitor: Monitor): void {
    const run = this.service
      .run(monitor, this.controller.signal)
      .then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof NotCheckableHereError) return this.leave(monitor, error);
          this.logger.error('scheduled check failed', { monitorId: monitor.id, error });
        }
      )
      .finally(() => {
        this.running.delete(monitor.id);
        this.wake(); // a slot is free: a backlog of due monitors need not wait for the next tick
      });
    this.running.set(monitor.id, run);
  }

  /**
   * This process may not reach the target: give the run back (due now, for a process sharing the
   * database that may) and skip the monitor here for one interval.
   */
  private leave(monitor: Monitor, error: NotCheckableHereError): void {
    const now = Date.now();
    this.notCheckable.set(monitor.id, now + this.spacing(monitor));
    this.service.store.releaseRun(monitor.id, now);
    this.logger.info('monitor not checkable by this process; left to others', {
      monitorId: monitor.id,
      reason: error.reason
    });
  }

  private prune(now: number): void {
    this.lastPrune = now;
    const pruned = this.service.store.prune(now - this.options.retentionMs);
    if (pruned.checks || pruned.incidents) this.logger.info('pruned old history', pruned);
  }
}
