/**
 * Classifying failures for retries: which HTTP statuses and network errors
 * are transient, and how long the server asked us to wait.
 */

/** Header bag accepted by {@link retryAfterMs}: a fetch `Headers` or Node's `IncomingHttpHeaders` shape. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * An HTTP response whose status the caller treats as a failure. Throw it from
 * a {@link withRetry} callback so the retry loop can see the status and the
 * `Retry-After` / rate-limit headers.
 */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  readonly status: number;
  readonly headers: Headers;
  /** Response body (or a prefix of it), for error messages; never parsed here. */
  readonly body?: string;

  constructor(
    status: number,
    init: { headers?: ConstructorParameters<typeof Headers>[0]; body?: string; message?: string } = {}
  ) {
    super(init.message ?? `HTTP ${status}`);
    this.status = status;
    this.headers = new Headers(init.headers);
    if (init.body !== undefined) this.body = init.body;
  }
}

/**
 * True for statuses worth repeating: 408, 429 and 5xx except 501 (Not
 * Implemented will not start working on the next attempt).
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/**
 * GitHub answers an exhausted rate limit with 403 (not only 429), marked by
 * `x-ratelimit-remaining: 0` or a `Retry-After` header; such a 403 is transient.
 */
export function isRateLimited(status: number, headers: HeaderSource): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return header(headers, 'retry-after') !== undefined || header(headers, 'x-ratelimit-remaining')?.trim() === '0';
}

// Errors where the request never reached the server or the connection broke
// mid-flight; a fresh attempt on a new connection can succeed.
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT'
]);

/**
 * True if `err` is transient: an {@link HttpStatusError} with a retryable (or
 * rate-limited 403) status, a Node/undici network error with a code above, a
 * per-attempt `TimeoutError`, or a wrapper (`TypeError: fetch failed`,
 * `AggregateError` from happy-eyeballs connects) whose cause is one of those.
 * An `AbortError` is never retryable: the caller asked to stop.
 */
export function isRetryableError(err: unknown): boolean {
  return classify(err, 0) !== undefined;
}

/** Short reason for logs and `onRetry`, e.g. `HTTP 503` or `ECONNRESET`. */
export function describeError(err: unknown): string {
  const reason = classify(err, 0);
  if (reason !== undefined) return reason;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

// Returns a reason string when retryable. Depth-bounded because cause chains
// can be cyclic.
function classify(err: unknown, depth: number): string | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  if (err instanceof HttpStatusError) {
    return isRetryableStatus(err.status) || isRateLimited(err.status, err.headers) ? `HTTP ${err.status}` : undefined;
  }
  const e = err as { name?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  if (e.name === 'AbortError') return undefined;
  if (e.name === 'TimeoutError') return 'timeout';
  if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code)) return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors.slice(0, 10)) {
      const r = classify(inner, depth + 1);
      if (r !== undefined) return r;
    }
  }
  return classify(e.cause, depth + 1);
}

/**
 * How long the server asked us to wait, in ms, or `undefined` if it did not say.
 *
 * Sources, first match wins:
 * 1. `Retry-After`: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * 2. `x-ratelimit-reset` / `ratelimit-reset`, only when the matching
 *    `*-remaining` header is absent or `0` (GitHub sends the reset time on
 *    every response, so a reset with quota left is not a request to wait).
 *    Providers disagree on the unit: GitHub sends epoch seconds, the IETF
 *    RateLimit draft and Slack-like APIs send delta seconds. A value above
 *    1e9 is read as an epoch (1e9 s is September 2001, and no window is 31
 *    years long); anything smaller is a delta.
 *
 * Dates in the past yield 0.
 */
export function retryAfterMs(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    // An HTTP-date always names the month; requiring a letter stops V8's
    // lenient Date.parse from reading "-5" as the year 5 BC.
    const at = /[a-z]/i.test(retryAfter) ? Date.parse(retryAfter) : NaN;
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  for (const prefix of ['x-ratelimit', 'ratelimit']) {
    const reset = header(headers, `${prefix}-reset`)?.trim();
    if (!reset || !/^\d+(\.\d+)?$/.test(reset)) continue;
    const remaining = header(headers, `${prefix}-remaining`)?.trim();
    if (remaining !== undefined && remaining !== '0') continue;
    const value = Number(reset);
    return value > 1e9 ? Math.max(0, Math.round(value * 1000 - now)) : Math.round(value * 1000);
  }
  return undefined;
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
