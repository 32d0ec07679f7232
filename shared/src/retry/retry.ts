import { HttpStatusError, describeError, isRetryableError, retryAfterMs } from './http.js';

/** Options for {@link withRetry} and {@link fetchWithRetry}. */
export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` calls). Default 3. */
  retries?: number;
  /** Backoff base: attempt n waits up to `minDelayMs * 2^(n-1)`. Default 250. */
  minDelayMs?: number;
  /** Upper bound on any single wait, including a server's `Retry-After`. Default 10 000. */
  maxDelayMs?: number;
  /** Total time for all attempts and waits; a wait that would overrun it is not started. Default 30 000. */
  budgetMs?: number;
  /** Stops waiting and retrying; the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /**
   * Whether repeating the operation is safe. `withRetry` assumes true;
   * `fetchWithRetry` derives it from the method and `Idempotency-Key`.
   * `false` disables retries.
   */
  idempotent?: boolean;
  /** Source of jitter in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  /** Wait implementation; must reject with `signal.reason` when aborted. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock used for the budget and HTTP-date `Retry-After`; defaults to `Date.now`. */
  now?: () => number;
  /** Called before each wait, e.g. to log `retrying in 400 ms (HTTP 503)`. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** Defaults applied by {@link withRetry}. */
export const DEFAULT_RETRY = Object.freeze({ retries: 3, minDelayMs: 250, maxDelayMs: 10_000, budgetMs: 30_000 });

/** Promise-based `setTimeout` that rejects with `signal.reason` as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `fn` until it resolves, retrying transient failures
 * ({@link isRetryableError}) with exponential backoff and full jitter
 * (a uniform wait in `[0, min(maxDelayMs, minDelayMs * 2^(attempt-1)))`,
 * which spreads out clients that failed together).
 *
 * An {@link HttpStatusError} carrying `Retry-After` or a rate-limit reset
 * replaces the jittered wait (capped at `maxDelayMs`). If the server's wait,
 * or the jittered one, is longer than what is left of `budgetMs`, the last
 * error is thrown at once instead of sleeping into a certain failure.
 *
 * @param fn receives the 1-based attempt number.
 * @throws the last error from `fn`, or `signal.reason` once aborted.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? DEFAULT_RETRY.retries;
  const minDelayMs = options.minDelayMs ?? DEFAULT_RETRY.minDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const budgetMs = options.budgetMs ?? DEFAULT_RETRY.budgetMs;
  const { signal, random = Math.random, sleep: wait = sleep, now = Date.now } = options;
  const maxAttempts = options.idempotent === false ? 1 : Math.max(0, Math.floor(retries)) + 1;
  const start = now();

  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (attempt >= maxAttempts || !isRetryableError(err)) throw err;

      const remaining = budgetMs - (now() - start);
      const asked = err instanceof HttpStatusError ? retryAfterMs(err.headers, now()) : undefined;
      const delayMs =
        asked !== undefined
          ? Math.min(asked, maxDelayMs)
          : Math.floor(random() * Math.min(maxDelayMs, minDelayMs * 2 ** (attempt - 1)));
      // Compare the server's own figure, not the capped one: if it wants us
      // gone for longer than the budget, waiting any amount cannot succeed.
      if ((asked ?? delayMs) > remaining) throw err;

      options.onRetry?.({ attempt, delayMs, reason: describeError(err) });
      await wait(delayMs, signal);
    }
  }
}
