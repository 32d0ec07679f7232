export interface RateLimit {
  /** Calls allowed per window. */
  max: number;
  /** Window length in milliseconds. */
  windowMs: number;
}

/**
 * Sliding-window limiter keyed by tool name. Lives in the process-wide tool host rather than in a
 * per-connection McpServer, so HTTP's server-per-request model cannot be used to sidestep it.
 */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a call if allowed; otherwise returns how long to wait in milliseconds. */
  take(key: string, limit: RateLimit): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const recent = (this.calls.get(key) ?? []).filter((t) => now - t < limit.windowMs);
    if (recent.length >= limit.max) {
      this.calls.set(key, recent);
      return { ok: false, retryAfterMs: limit.windowMs - (now - recent[0]!) };
    }
    recent.push(now);
    this.calls.set(key, recent);
    return { ok: true };
  }

  /** Returns the latest slot: for a call that only asked the user, whose retry takes it again. */
  giveBack(key: string): void {
    this.calls.get(key)?.pop();
  }
}

/** Parses "10/min", "5/s", "100/hour" or "20/30s" as written in flags and env. */
export function parseRateLimit(text: string): RateLimit {
  const match = /^\s*(\d+)\s*\/\s*(\d+)?\s*(ms|s|sec|second|m|min|minute|h|hour)s?\s*$/i.exec(text);
  if (!match)
    throw new Error(`"${text}" is not a rate limit; write it as CALLS/UNIT, e.g. "10/min", "5/s" or "100/hour"`);
  const unit = match[3]!.toLowerCase();
  const unitMs = unit === 'ms' ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : 3_600_000;
  const max = Number(match[1]);
  if (max < 1) throw new Error(`rate limit "${text}" must allow at least one call`);
  return { max, windowMs: unitMs * Number(match[2] ?? 1) };
}
