import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

// A local stand-in for a remote HTTP API (GitHub, Slack, a helpdesk, a monitored site), speaking
// its wire format on 127.0.0.1 so tests exercise the real client code: routes, a log of every hit
// to assert the exact paths and headers a server sent, and faults (429, 5xx, slow, reset, hang).

/** One request the fake received, as it arrived. */
export interface FakeHit {
  method: string;
  /** Path without the query string, still percent-encoded as sent. */
  path: string;
  /** The request target exactly as sent (path and query). */
  url: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The route key that matched ('GET /repos/:owner/:repo'), or undefined for a 404. */
  route: string | undefined;
  /** The fault injected into this hit, if any. */
  fault: FakeFault['kind'] | undefined;
}

export interface FakeRequest extends FakeHit {
  /** Decoded `:name` and `*name` segments of the route. */
  params: Record<string, string>;
  /** The body parsed as JSON (throws on invalid JSON: the fake answers 500 and records the error). */
  json<T = unknown>(): T;
  /** The body parsed as application/x-www-form-urlencoded (Slack's Web API style). */
  form(): URLSearchParams;
  /** The fake's own base URL, for building links (http://127.0.0.1:PORT). */
  baseUrl: string;
}

const REPLY = Symbol('fake-http reply');

export interface FakeReply {
  readonly [REPLY]: true;
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

type Init = { status?: number; headers?: Record<string, string | string[]> };

/** Builders for handler results; a handler may also return any other value, sent as JSON 200. */
export const respond = {
  json(data: unknown, init: Init = {}): FakeReply {
    return reply(
      init.status ?? 200,
      { 'content-type': 'application/json; charset=utf-8', ...init.headers },
      JSON.stringify(data)
    );
  },
  text(text: string, init: Init = {}): FakeReply {
    return reply(init.status ?? 200, { 'content-type': 'text/plain; charset=utf-8', ...init.headers }, text);
  },
  html(html: string, init: Init = {}): FakeReply {
    return reply(init.status ?? 200, { 'content-type': 'text/html; charset=utf-8', ...init.headers }, html);
  },
  empty(status = 204, headers: Record<string, string | string[]> = {}): FakeReply {
    return reply(status, headers, '');
  },
  raw(status: number, headers: Record<string, string | string[]>, body: string | Buffer): FakeReply {
    return reply(status, headers, body);
  }
};

function reply(status: number, headers: Record<string, string | string[]>, body: string | Buffer): FakeReply {
  return { [REPLY]: true, status, headers, body };
}

export type FakeHandler = (request: FakeRequest) => unknown | Promise<unknown>;

/** A JSON fixture: sent as it is with status 200. */
export type FakeFixture = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

/** A route's value: a handler, a reply from `respond`, or a JSON fixture. */
export type FakeRoute = FakeHandler | FakeReply | FakeFixture;

export type FakeFault =
  /** Answers with this status instead of the route (429 with Retry-After, 502, 503 ...). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  /** Waits, then answers normally. */
  | { kind: 'slow'; delayMs: number }
  /** Destroys the connection once the request arrived: the client sees ECONNRESET / "socket hang up". */
  | { kind: 'reset' }
  /** Never answers (until close()): for client timeouts. */
  | { kind: 'hang' };

/** Ready-made faults. */
export const faults = {
  rateLimited(
    retryAfterSeconds = 1,
    headers: Record<string, string> = {},
    body: unknown = { message: 'rate limited' }
  ): FakeFault {
    return { kind: 'status', status: 429, headers: { 'retry-after': String(retryAfterSeconds), ...headers }, body };
  },
  serverError(status = 500, body: unknown = { message: 'internal error' }): FakeFault {
    return { kind: 'status', status, body };
  },
  slow(delayMs: number): FakeFault {
    return { kind: 'slow', delayMs };
  },
  reset(): FakeFault {
    return { kind: 'reset' };
  },
  hang(): FakeFault {
    return { kind: 'hang' };
  }
};

export interface FakeHttpOptions {
  routes?: Record<string, FakeRoute>;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Largest request body read (default 1 MiB); larger requests get 413. */
  maxBodyBytes?: number;
}

export interface FakeHttpService {
  /** http://127.0.0.1:PORT (or https://). */
  url: string;
  port: number;
  /** Every request received, oldest first, faulted and unmatched ones included. */
  readonly hits: readonly FakeHit[];
  /** Hits whose route key is `route`, or whose "METHOD path" equals it ('GET /repos/o/r'). */
  hitsFor(route: string): FakeHit[];
  /** Requests no route matched (each got a 404). */
  unmatched(): FakeHit[];
  clearHits(): void;
  /** Errors thrown by handlers (each became a 500). */
  readonly errors: readonly Error[];
  /** Adds or replaces a route. */
  route(key: string, value: FakeRoute): void;
  /**
   * Injects `fault` into the next `times` hits (default 1; Infinity until cleared) of `route`
   * (a route key as declared) or of every route with '*'. Faults queue in order.
   */
  fault(route: string, fault: FakeFault, options?: { times?: number }): void;
  clearFaults(): void;
  close(): Promise<void>;
}

interface CompiledRoute {
  key: string;
  method: string;
  segments: string[];
  value: FakeRoute;
}

/** Starts the fake on 127.0.0.1 with a free port. Close it in afterEach/afterAll. */
export async function startFakeHttpService(options: FakeHttpOptions = {}): Promise<FakeHttpService> {
  const routes: CompiledRoute[] = [];
  const hits: FakeHit[] = [];
  const errors: Error[] = [];
  const pending: Array<{ route: string; fault: FakeFault; left: number }> = [];
  const sockets = new Set<Socket>();
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const route = (key: string, value: FakeRoute) => {
    const compiled = compile(key, value);
    const existing = routes.findIndex((r) => r.key === compiled.key);
    if (existing >= 0) routes[existing] = compiled;
    else routes.push(compiled);
  };
  for (const [key, value] of Object.entries(options.routes ?? {})) route(key, value);

  const takeFault = (key: string | undefined): FakeFault | undefined => {
    const index = pending.findIndex((p) => p.route === '*' || p.route === key);
    if (index < 0) return undefined;
    const entry = pending[index]!;
    if (--entry.left <= 0) pending.splice(index, 1);
    return entry.fault;
  };

  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBody) tooLarge = true;
      else chunks.push(chunk);
    }
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const path = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const method = (req.method ?? 'GET').toUpperCase();
    const found = match(routes, method, path);
    const fault = takeFault(found?.route.key);
    const hit: FakeHit = {
      method,
      path,
      url: rawUrl,
      query: new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1)),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      route: found?.route.key,
      fault: fault?.kind
    };
    hits.push(hit);
    if (tooLarge) return send(res, respond.json({ message: `request body over ${maxBody} bytes` }, { status: 413 }));
    if (fault?.kind === 'reset') return req.socket.destroy();
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status')
      return send(
        res,
        respond.json(fault.body ?? { message: `fault ${fault.status}` }, {
          status: fault.status,
          headers: fault.headers
        })
      );
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (!found) return send(res, respond.json({ message: `no fake route for ${method} ${path}` }, { status: 404 }));
    const request: FakeRequest = {
      ...hit,
      params: found.params,
      baseUrl: service.url,
      json: <T>() => JSON.parse(hit.body) as T,
      form: () => new URLSearchParams(hit.body)
    };
    try {
      const value = found.route.value;
      const result = typeof value === 'function' ? await (value as FakeHandler)(request) : value;
      send(res, isReply(result) ? result : respond.json(result ?? null));
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
      send(res, respond.json({ message: `fake handler failed: ${String(error)}` }, { status: 500 }));
    }
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => void listener(req, res).catch((e) => errors.push(e));
  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handle)
    : createHttpServer(handle);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const service: FakeHttpService = {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    hits,
    errors,
    hitsFor: (key) => hits.filter((h) => h.route === normalizeKey(key) || `${h.method} ${h.path}` === key),
    unmatched: () => hits.filter((h) => h.route === undefined),
    clearHits: () => void hits.splice(0),
    route,
    fault(key, fault, { times = 1 } = {}) {
      pending.push({ route: key === '*' ? '*' : normalizeKey(key), fault, left: times });
    },
    clearFaults: () => void pending.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })
  };
  return service;
}

function isReply(value: unknown): value is FakeReply {
  return typeof value === 'object' && value !== null && REPLY in value;
}

function send(res: ServerResponse, result: FakeReply): void {
  const body = typeof result.body === 'string' ? Buffer.from(result.body) : result.body;
  res.writeHead(result.status, { ...result.headers, 'content-length': String(body.length) });
  res.end(body);
}

function normalizeKey(key: string): string {
  const [method, ...rest] = key.trim().split(/\s+/);
  if (!method || rest.length !== 1 || !rest[0]!.startsWith('/'))
    throw new Error(
      `fake route "${key}" must be "METHOD /path", e.g. "GET /repos/:owner/:repo/issues" (METHOD may be *)`
    );
  return `${method.toUpperCase()} ${rest[0]}`;
}

function compile(key: string, value: FakeRoute): CompiledRoute {
  const normalized = normalizeKey(key);
  const [method, path] = normalized.split(' ') as [string, string];
  const segments = path.split('/').slice(1);
  const star = segments.findIndex((s) => s.startsWith('*'));
  if (star >= 0 && star !== segments.length - 1) throw new Error(`fake route "${key}": a *rest segment must come last`);
  return { key: normalized, method, segments, value };
}

function match(routes: CompiledRoute[], method: string, path: string) {
  const parts = path.split('/').slice(1);
  for (const route of routes) {
    if (route.method !== '*' && route.method !== method) continue;
    const params = matchSegments(route.segments, parts);
    if (params) return { route, params };
  }
  return undefined;
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith('*')) {
      const rest = parts.slice(i);
      if (!rest.length || rest.every((s) => s === '')) return undefined;
      params[p.slice(1) || 'rest'] = rest.map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (p.startsWith(':')) {
      if (part === '') return undefined;
      params[p.slice(1)] = decode(part);
    } else if (p !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * One page of `items` with a GitHub-style Link header (rel="next", "prev", "first", "last"), read
 * from the request's `page` and `per_page` query (names configurable).
 */
export function linkPage(
  request: FakeRequest,
  items: readonly unknown[],
  options: {
    perPage?: number;
    pageParam?: string;
    perPageParam?: string;
    maxPerPage?: number;
    headers?: Record<string, string>;
  } = {}
): FakeReply {
  const pageParam = options.pageParam ?? 'page';
  const perPageParam = options.perPageParam ?? 'per_page';
  const perPage = Math.min(
    Math.max(1, Number(request.query.get(perPageParam)) || options.perPage || 30),
    options.maxPerPage ?? 100
  );
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const page = Math.min(Math.max(1, Number(request.query.get(pageParam)) || 1), last + 1);
  const link = (n: number, rel: string) => {
    const url = new URL(request.url, request.baseUrl);
    url.searchParams.set(pageParam, String(n));
    url.searchParams.set(perPageParam, String(perPage));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links = [
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])
  ];
  return respond.json(items.slice((page - 1) * perPage, page * perPage), {
    headers: { ...(links.length ? { link: links.join(', ') } : {}), ...options.headers }
  });
}
