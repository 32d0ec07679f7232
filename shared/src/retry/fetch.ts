import { HttpStatusError, isRateLimited, isRetryableStatus } from './http.js';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry.js';

/** `fetch` options plus retry policy and a per-attempt timeout. */
export type FetchWithRetryInit = RequestInit & {
  retry?: RetryOptions;
  /** Limit for each attempt, up to the response headers (the body is the caller's to read). Default 15 000. */
  timeoutMs?: number;
};

// RFC 9110 §9.2.2. POST, PATCH and CONNECT may have effects on every call.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * Global `fetch` with {@link withRetry}: retries network errors, per-attempt
 * timeouts and 408/429/5xx (not 501), honouring `Retry-After` and rate-limit
 * reset headers.
 *
 * POST and PATCH are sent once unless `retry.idempotent` is true or an
 * `Idempotency-Key` header is present; `retry.idempotent: false` turns
 * retries off for any method. A streaming body cannot be replayed, so it
 * also disables retries.
 *
 * Resolves with the final `Response`: non-retryable statuses come back
 * as-is, and so does the last retryable one once retries or the budget run
 * out. Rejects only with a network/timeout error or the abort reason.
 */
export async function fetchWithRetry(input: string | URL, init: FetchWithRetryInit = {}): Promise<Response> {
  const { retry = {}, timeoutMs = 15_000, ...requestInit } = init;
  const signal = requestInit.signal ?? retry.signal ?? undefined;
  const method = (requestInit.method ?? 'GET').toUpperCase();
  const replayable = !(requestInit.body instanceof ReadableStream);
  const idempotent =
    replayable &&
    (retry.idempotent ?? (IDEMPOTENT_METHODS.has(method) || new Headers(requestInit.headers).has('idempotency-key')));
  const now = retry.now ?? Date.now;
  const deadline = now() + (retry.budgetMs ?? DEFAULT_RETRY.budgetMs);

  // Responses we are about to retry past; their bodies are released so the
  // connection can be reused. The last one is handed back intact.
  let pending: Response | undefined;

  try {
    return await withRetry(
      async () => {
        const response = await attempt(input, requestInit, signal, Math.max(1, Math.min(timeoutMs, deadline - now())));
        if (isRetryableStatus(response.status) || isRateLimited(response.status, response.headers)) {
          pending = response;
          throw new HttpStatusError(response.status, { headers: response.headers });
        }
        return response;
      },
      {
        ...retry,
        signal,
        idempotent,
        now,
        onRetry: (info) => {
          void pending?.body?.cancel().catch(() => {});
          pending = undefined;
          retry.onRetry?.(info);
        }
      }
    );
  } catch (err) {
    if (err instanceof HttpStatusError && pending) return pending;
    throw err;
  }
}

// One fetch bounded by `timeoutMs` up to the headers. The timer is cleared
// once headers arrive so a slow body read is not cut off after we return.
async function attempt(
  input: string | URL,
  init: RequestInit,
  signal: AbortSignal | undefined,
  timeoutMs: number
): Promise<Response> {
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException(`attempt timed out after ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs
  );
  try {
    return await fetch(input, { ...init, signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal });
  } finally {
    clearTimeout(timer);
  }
}
