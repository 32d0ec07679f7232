// Re-exported from the package root with `export *`, so only names specific
// enough not to collide with other modules are public here.
export { HttpStatusError, isRateLimited, isRetryableError, isRetryableStatus, retryAfterMs } from './http.js';
export { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry.js';
export { fetchWithRetry, type FetchWithRetryInit } from './fetch.js';
