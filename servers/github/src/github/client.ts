import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { GitHubError, scrub, toGitHubError, type ErrorLike } from './errors.js';
import { assertSafeParams, type Route, type RouteParams } from './routes.js';

const ThrottledOctokit = Octokit.plugin(retry, throttling);
type ThrottledOctokit = InstanceType<typeof ThrottledOctokit>;

export interface GitHubClientOptions {
  /** REST base URL, from {@link resolveBaseUrl}. */
  baseUrl: string;
  token?: string | undefined;
  /** Longest one tool call waits, in total, for rate limits and retries before failing with the retry time. */
  rateLimitWaitSeconds: number;
  /** Requests in flight at once for this token; the rest queue (their wait counts against the budget). */
  maxConcurrency?: number;
  /** Longest one HTTP attempt may take. */
  requestTimeoutSeconds?: number;
  /** GitHub asks for about a second between writes and two between searches; tests set these to 0. */
  writeSpacingMs?: number;
  searchSpacingMs?: number;
  userAgent?: string;
  /** Replaces global fetch (benchmarks and tests only). */
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** How the failure names what was asked for, e.g. "octo/app#12". Built from validated values. */
  target?: string;
  /** Ask for another representation (`diff`, `raw`): Accept: application/vnd.github.<format>. */
  format?: 'diff' | 'raw' | 'text-match';
}

export interface GitHubResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string | number | undefined>;
}

export interface Page<T> {
  items: T[];
  /** More items exist after this page. */
  hasMore: boolean;
  /** Total when GitHub says it (search `total_count`) or it follows from the last page link. */
  total?: number;
}

/** Picks where the REST API lives from GITHUB_API_URL or GITHUB_HOST. Throws a readable Error when unusable. */
export function resolveBaseUrl(input: { apiUrl?: string | undefined; host?: string | undefined }): string {
  if (input.apiUrl) {
    let url: URL;
    try {
      url = new URL(input.apiUrl);
    } catch {
      throw new Error(`GITHUB_API_URL "${input.apiUrl.slice(0, 100)}" is not a URL`);
    }
    if (url.username || url.password) throw new Error('GITHUB_API_URL must not contain credentials');
    if (url.search || url.hash) throw new Error('GITHUB_API_URL must not have a query or fragment');
    if (url.protocol === 'http:' && !isLoopback(url.hostname))
      throw new Error('GITHUB_API_URL may use http only on loopback (127.0.0.1, ::1, localhost); use https');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('GITHUB_API_URL must be an https URL');
    return url.href.replace(/\/+$/, '');
  }
  const raw = (input.host ?? '').trim();
  if (!raw) return 'https://api.github.com';
  let host: URL;
  try {
    host = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new Error(`GITHUB_HOST "${raw.slice(0, 100)}" is not a host name`);
  }
  if (host.protocol !== 'https:') throw new Error('GITHUB_HOST must use https');
  if (host.username || host.password || host.search || host.hash || (host.pathname !== '/' && host.pathname !== ''))
    throw new Error('GITHUB_HOST must be a bare host name such as github.example.com');
  const name = host.hostname.toLowerCase();
  if (name === 'github.com' || name === 'api.github.com') return 'https://api.github.com';
  // GitHub Enterprise Cloud with data residency: https://SUBDOMAIN.ghe.com -> https://api.SUBDOMAIN.ghe.com
  if (name.endsWith('.ghe.com')) return `https://${name.startsWith('api.') ? name : `api.${name}`}`;
  return `https://${host.host}/api/v3`;
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * The GitHub REST client: octokit with the retry and throttling plugins, bounded per tool call.
 * One instance per token. Use {@link GitHubClient.call} once per tool call: all requests of that
 * call share one wait budget and the caller's AbortSignal.
 */
export class GitHubClient {
  readonly baseUrl: string;
  readonly origin: string;
  private readonly octokit: ThrottledOctokit;
  private readonly budgetMs: number;
  private readonly timeoutMs: number;
  private readonly slots: Semaphore;
  private readonly secrets: string[];
  private readonly fetchImpl: typeof fetch;
  private readonly groups: Bottleneck.Group[];

  constructor(options: GitHubClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.budgetMs = options.rateLimitWaitSeconds * 1000;
    this.timeoutMs = (options.requestTimeoutSeconds ?? 30) * 1000;
    this.slots = new Semaphore(options.maxConcurrency ?? 8);
    this.secrets = options.token ? [options.token] : [];
    this.fetchImpl = options.fetch ?? fetch;
    // The plugin's default limiter groups are module-wide; per-client groups keep two tokens
    // (or two test servers) from sharing one queue.
    const group = (o: Bottleneck.ConstructorOptions) => new Bottleneck.Group(o);
    this.groups = [
      group({ maxConcurrent: 100 }),
      group({ maxConcurrent: 1 }),
      group({ maxConcurrent: 1, minTime: options.searchSpacingMs ?? 2000 }),
      group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000 }),
      group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000 })
    ];
    const [global, auth, search, write, notifications] = this.groups;
    const withinBudget = (retryAfter: number, request: { deadline?: number }, retryCount: number) =>
      retryCount < 2 && Date.now() + retryAfter * 1000 <= (request.deadline ?? 0);
    this.octokit = new ThrottledOctokit({
      baseUrl: this.baseUrl,
      ...(options.token ? { auth: options.token } : {}),
      userAgent: options.userAgent ?? 'mcp-catalog-server-github',
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      request: { fetch: this.sameOriginFetch() },
      retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 406, 409, 410, 421, 422, 429, 451] },
      throttle: {
        id: createHash('sha256')
          .update(options.token ?? 'anonymous')
          .digest('hex')
          .slice(0, 16),
        global,
        auth,
        search,
        write,
        notifications,
        onRateLimit: (after: number, o: { request: { deadline?: number } }, _k: unknown, n: number) =>
          withinBudget(after, o.request, n),
        onSecondaryRateLimit: (after: number, o: { request: { deadline?: number } }, _k: unknown, n: number) =>
          withinBudget(after, o.request, n)
      }
    } as ConstructorParameters<typeof ThrottledOctokit>[0]);
    // Retries of 5xx and network failures wait 1 s, then 4 s: one that would end past the call's
    // deadline is not tried (the plugin's public retryRequest decides how many remain).
    const retryRequest = this.octokit.retry.retryRequest.bind(this.octokit.retry);
    this.octokit.retry.retryRequest = (error, retries, retryAfter) => {
      const deadline = (error.request.request as { deadline?: number } | undefined)?.deadline ?? 0;
      return retryRequest(error, Date.now() + retryAfter * 1000 > deadline ? 0 : retries, retryAfter);
    };
  }

  /** Starts one tool call's budget. */
  call(signal?: AbortSignal): GitHubCall {
    return new GitHubCall(this, Date.now() + this.budgetMs, signal);
  }

  /** @internal Sends one request under `deadline`. */
  async send<T>(
    route: Route,
    params: RouteParams,
    options: CallOptions & { deadline: number; signal?: AbortSignal | undefined; fetch?: typeof fetch }
  ): Promise<GitHubResponse<T>> {
    assertSafeParams(params);
    const remaining = options.deadline - Date.now();
    const abort = AbortSignal.any([
      ...(options.signal ? [options.signal] : []),
      AbortSignal.timeout(Math.max(remaining, 0) + this.timeoutMs)
    ]);
    const release = await this.slots.acquire(abort, options.deadline, options.target);
    try {
      const request = this.octokit.request(route, {
        ...params,
        ...(options.format ? { mediaType: { format: options.format } } : {}),
        request: {
          signal: abort,
          deadline: options.deadline,
          ...(options.fetch ? { fetch: options.fetch } : {})
        }
      } as never);
      const response = (await raceAbort(request, abort)) as unknown as GitHubResponse<T>;
      return { status: response.status, data: response.data, headers: response.headers };
    } catch (error) {
      throw this.failure(error, options, abort);
    } finally {
      release();
    }
  }

  private failure(
    error: unknown,
    options: CallOptions & { signal?: AbortSignal | undefined },
    abort: AbortSignal
  ): GitHubError {
    if (error instanceof GitHubError) return error;
    const target = options.target ? ` (${options.target})` : '';
    if (options.signal?.aborted) return new GitHubError('cancelled', `The request was cancelled${target}.`);
    const e = error as ErrorLike & { name?: string; cause?: unknown };
    if (e.response?.headers?.['x-mcp-redirect-refused'] !== undefined)
      return new GitHubError(
        'redirect_refused',
        `GitHub answered with a redirect to another host${target}; it was not followed.`,
        'Point GITHUB_API_URL / GITHUB_HOST at the API host itself.'
      );
    if (abort.aborted || e.name === 'AbortError' || e.name === 'TimeoutError')
      return new GitHubError(
        'budget_exceeded',
        `GitHub did not answer in time${target}.`,
        'Retry in a minute; if it keeps happening, GitHub may be degraded or the network slow.'
      );
    if (typeof e.status === 'number' && e.status >= 400) return toGitHubError(e, { ...options, secrets: this.secrets });
    return new GitHubError(
      'network',
      `Could not reach GitHub${target}: ${scrub(String(e.message ?? error), this.secrets).slice(0, 200)}.`,
      'Check GITHUB_API_URL / GITHUB_HOST and the network, then retry.'
    );
  }

  /** Follows redirects only within the API's origin (GitHub redirects renamed repositories); refuses others. */
  private sameOriginFetch(): typeof fetch {
    return async (input, init) => {
      let url = new URL(String(input instanceof Request ? input.url : input));
      const method = (init?.method ?? 'GET').toUpperCase();
      for (let hop = 0; ; hop++) {
        const response = await this.fetchImpl(url, { ...init, redirect: 'manual' });
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
        const next = new URL(location, url);
        if (next.origin !== this.origin || hop >= 3 || (method !== 'GET' && method !== 'HEAD')) {
          await response.body?.cancel();
          // A status no retry repeats, marked so failure() can say what happened.
          return new Response(JSON.stringify({ message: 'redirect refused' }), {
            status: 421,
            headers: { 'content-type': 'application/json', 'x-mcp-redirect-refused': '1' }
          });
        }
        await response.body?.cancel();
        url = next;
      }
    };
  }

  /** @internal A fetch that hands back a redirect instead of following it (job log downloads). */
  manualFetch(): typeof fetch {
    return (input, init) =>
      this.fetchImpl(String(input instanceof Request ? input.url : input), { ...init, redirect: 'manual' });
  }

  /** @internal */
  get fetcher(): typeof fetch {
    return this.fetchImpl;
  }

  async close(): Promise<void> {
    await Promise.all(this.groups.map((g) => Promise.all(g.limiters().map(({ limiter }) => limiter.disconnect()))));
  }
}

/** One tool call: every request shares the budget and the caller's signal. */
export class GitHubCall {
  constructor(
    private readonly client: GitHubClient,
    readonly deadline: number,
    readonly signal?: AbortSignal
  ) {}

  async request<T>(route: Route, params: RouteParams, options: CallOptions = {}): Promise<GitHubResponse<T>> {
    return this.client.send<T>(route, params, { ...options, deadline: this.deadline, signal: this.signal });
  }

  async data<T>(route: Route, params: RouteParams, options: CallOptions = {}): Promise<T> {
    return (await this.request<T>(route, params, options)).data;
  }

  /**
   * Items `offset`..`offset+limit` of a list route, in at most two requests: GitHub pages by
   * `page`/`per_page` (max 100), so this picks a page size whose pages line up with the window.
   * `pick` extracts the array when the list is wrapped (search results, workflow runs).
   */
  async page<T>(
    route: Route,
    params: RouteParams,
    window: { offset: number; limit: number },
    options: CallOptions & { pick?: (data: unknown) => { items: T[]; total?: number } } = {}
  ): Promise<Page<T>> {
    const { offset, limit } = window;
    const plan = pagePlan(offset, limit);
    const items: T[] = [];
    let total: number | undefined;
    let hasNext = false;
    for (const page of plan.pages) {
      const response = await this.request<unknown>(route, { ...params, per_page: plan.perPage, page }, options);
      const picked = options.pick ? options.pick(response.data) : { items: response.data as T[] };
      items.push(...picked.items);
      total =
        picked.total ??
        lastPageTotal(String(response.headers.link ?? ''), plan.perPage, page, picked.items.length) ??
        total;
      hasNext = /\brel="next"/.test(String(response.headers.link ?? ''));
      if (picked.items.length < plan.perPage) {
        hasNext = false;
        break;
      }
    }
    const start = offset - (plan.pages[0]! - 1) * plan.perPage;
    const slice = items.slice(start, start + limit);
    const hasMore = items.length > start + limit || hasNext || (total !== undefined && offset + slice.length < total);
    return { items: slice, hasMore, ...(total !== undefined ? { total } : {}) };
  }

  /**
   * A job log: GitHub answers 302 to a short-lived URL. The log is read without the token; a URL
   * on the API's origin is fetched directly, any other must be https. Keeps the last `maxBytes`.
   */
  async download(
    route: Route,
    params: RouteParams,
    maxBytes: number,
    options: CallOptions = {}
  ): Promise<{ text: string; totalBytes: number; truncated: boolean }> {
    const client = this.client;
    const response = await client.send<unknown>(route, params, {
      ...options,
      deadline: this.deadline,
      signal: this.signal,
      fetch: client.manualFetch()
    });
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || typeof location !== 'string') {
      const text = typeof response.data === 'string' ? response.data : '';
      return tail(Buffer.from(text), maxBytes);
    }
    const url = new URL(location, client.baseUrl);
    if (url.origin !== client.origin && url.protocol !== 'https:')
      throw new GitHubError('redirect_refused', 'GitHub sent the log to a non-https address; it was not fetched.');
    if (url.username || url.password)
      throw new GitHubError(
        'redirect_refused',
        'GitHub sent the log to an address with credentials; it was not fetched.'
      );
    const abort = AbortSignal.any([...(this.signal ? [this.signal] : []), AbortSignal.timeout(60_000)]);
    let res: Response;
    try {
      res = await client.fetcher(url, { redirect: 'error', signal: abort, headers: { range: `bytes=-${maxBytes}` } });
    } catch {
      throw new GitHubError(
        'network',
        'Could not download the log from the address GitHub gave.',
        'Retry in a minute.'
      );
    }
    if (!res.ok)
      throw new GitHubError(
        'unavailable',
        `The log download answered ${res.status}.`,
        'Logs expire after the retention period; retry or check the run.'
      );
    const body = await readTail(res, maxBytes);
    const range = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
    const totalBytes = range ? Number(range[1]) : body.total;
    return { text: body.buffer.toString('utf8'), totalBytes, truncated: totalBytes > body.buffer.length };
  }
}

/** Page size and page numbers covering offset..offset+limit (1-based pages, at most two). */
export function pagePlan(offset: number, limit: number): { perPage: number; pages: number[] } {
  for (let perPage = Math.min(Math.max(limit, 1), 100); perPage <= 100; perPage++) {
    const first = Math.floor(offset / perPage);
    const last = Math.floor((offset + limit - 1) / perPage);
    // +1 item so the page itself says whether more exist, when it fits in the same page.
    if (first === last) return { perPage, pages: [first + 1] };
  }
  const perPage = Math.min(Math.max(limit, 1), 100);
  const first = Math.floor(offset / perPage);
  return { perPage, pages: [first + 1, first + 2] };
}

function lastPageTotal(link: string, perPage: number, page: number, count: number): number | undefined {
  if (!link) return count < perPage ? (page - 1) * perPage + count : undefined;
  if (!/\brel="next"/.test(link)) return (page - 1) * perPage + count;
  // rel="last" gives the page count: the total lies within one page of it. Not exact, so not reported.
  return undefined;
}

function tail(buffer: Buffer, maxBytes: number): { text: string; totalBytes: number; truncated: boolean } {
  const kept = buffer.length > maxBytes ? buffer.subarray(buffer.length - maxBytes) : buffer;
  return { text: kept.toString('utf8'), totalBytes: buffer.length, truncated: kept.length < buffer.length };
}

async function readTail(res: Response, maxBytes: number): Promise<{ buffer: Buffer; total: number }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  if (!res.body) return { buffer: Buffer.alloc(0), total: 0 };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const b = Buffer.from(chunk);
    chunks.push(b);
    kept += b.length;
    total += b.length;
    while (chunks.length > 1 && kept - chunks[0]!.length >= maxBytes) kept -= chunks.shift()!.length;
  }
  const all = Buffer.concat(chunks);
  return { buffer: all.length > maxBytes ? all.subarray(all.length - maxBytes) : all, total };
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      }
    );
  });
}

/** A counting semaphore whose waiters give up on abort or when the call's budget runs out. */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async acquire(signal: AbortSignal, deadline: number, target?: string): Promise<() => void> {
    if (this.active < this.size) {
      this.active++;
      return () => this.release();
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          cleanup();
          reject(
            new GitHubError(
              'budget_exceeded',
              `Too many GitHub requests in flight for this token${target ? ` (${target})` : ''}; this one waited its whole budget.`,
              'Retry when fewer calls are running.'
            )
          );
        },
        Math.max(deadline - Date.now(), 0)
      );
      const onAbort = () => {
        cleanup();
        reject(new GitHubError('cancelled', 'The request was cancelled.'));
      };
      const entry = () => {
        cleanup();
        this.active++;
        resolve();
      };
      const cleanup = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
    return () => this.release();
  }

  private release(): void {
    this.active--;
    this.waiting[0]?.();
  }
}
