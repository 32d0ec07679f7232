import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { DetailedPeerCertificate, SecureContext, TLSSocket } from 'node:tls';
import {
  OutboundError,
  pinnedLookup,
  type OutboundErrorCode,
  type OutboundPolicy,
  type ResolvedTarget
} from './policy.js';

export interface GuardedRequestOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** Redirects followed before giving up (default 5; 0 returns the redirect itself). */
  maxRedirects?: number;
  /** Budget for the whole exchange: every hop, DNS, connection and body (default 15 000 ms). */
  timeoutMs?: number;
  /** Body bytes kept; the rest is not read and `truncated` is set (default 1 MiB). */
  maxBodyBytes?: number;
  signal?: AbortSignal;
  /**
   * https only. `secureContext`: trust other CAs than Node's defaults; build it once with
   * tls.createSecureContext({ ca }) and reuse it, since parsing a CA bundle costs ~20 ms per request.
   * `rejectUnauthorized`: whether an untrusted certificate ends the request (default true).
   */
  tls?: { secureContext?: SecureContext; rejectUnauthorized?: boolean };
}

/** Where the time of one request went, in milliseconds. Each phase is its own duration. */
export interface PhaseTimings {
  /** Name resolution (0 for IP literals). */
  dnsMs: number;
  /** TCP handshake. */
  connectMs: number;
  /** TLS handshake; null for plain http. */
  tlsMs: number | null;
  /** From the connection being ready to the response headers (server think time). */
  firstByteMs: number;
  /** Everything, body included. */
  totalMs: number;
}

export interface TlsSessionInfo {
  protocol: string | null;
  cipher: string;
  /** Whether the chain verified against the trusted CAs and the name matched. */
  authorized: boolean;
  authorizationError?: string;
  certificate: DetailedPeerCertificate;
}

export interface Hop {
  url: string;
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  remoteAddress: string;
  timings: PhaseTimings;
  tls?: TlsSessionInfo;
}

export interface GuardedResponse {
  /** The final URL after redirects. */
  url: string;
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** True when the body was longer than maxBodyBytes and the rest was not read. */
  truncated: boolean;
  /** Every response received, redirects first, the final one last. */
  hops: Hop[];
  totalMs: number;
}

/** An OutboundError raised during guardedRequest, with what happened before it. */
export class RequestFailedError extends OutboundError {
  constructor(
    cause: OutboundError,
    /** The URL being fetched when it failed (a redirect target, possibly). */
    readonly url: string,
    /** The responses received before the failure (redirects). */
    readonly hops: readonly Hop[],
    readonly totalMs: number
  ) {
    super(cause.code, cause.message, cause.hint, { cause });
    this.name = 'RequestFailedError';
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Sent to the origin the caller chose, never to one a redirect chose.
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * One HTTP(S) request under an {@link OutboundPolicy}: the host is resolved and checked before
 * connecting, the connection is pinned to the checked addresses, every redirect target is checked
 * the same way, and time, redirects and body size are bounded. Reports a timing breakdown per hop.
 * Throws RequestFailedError (code, safe message, hint, hops so far); never a raw socket error.
 */
export async function guardedRequest(
  policy: OutboundPolicy,
  url: string | URL,
  options: GuardedRequestOptions = {}
): Promise<GuardedResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new OutboundError(
          'timeout',
          `No complete response within ${timeoutMs} ms.`,
          'The site is slow or not answering; try again or raise the timeout.'
        )
      ),
    timeoutMs
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const started = performance.now();
  const hops: Hop[] = [];
  const seen = new Set<string>();
  let current = String(url);
  let headers = { ...options.headers };
  try {
    for (;;) {
      const target = await policy.resolve(current, signal).catch((error: unknown) => {
        throw signal.aborted ? signal.reason : error;
      });
      seen.add(target.url.href);
      // The last allowed hop keeps its body even when it is a redirect: it may be the final answer.
      const final = hops.length >= maxRedirects;
      const { hop, response } = await orAbort(exchange(target, headers, options, signal, final), signal);
      hops.push(hop);
      const location = hop.headers.location;
      if (!REDIRECT_STATUSES.has(hop.status) || !location || maxRedirects === 0) {
        return {
          url: target.url.href,
          status: hop.status,
          statusText: hop.statusText,
          headers: hop.headers,
          ...response,
          hops,
          totalMs: performance.now() - started
        };
      }
      let next: URL;
      try {
        next = new URL(location, target.url);
      } catch {
        throw new OutboundError(
          'invalid_url',
          `The redirect from ${target.url.href} points to an invalid URL.`,
          'The site sends a broken Location header.'
        );
      }
      if (seen.has(next.href)) {
        throw new OutboundError(
          'redirect_loop',
          `Redirect loop: ${next.href} was already visited.`,
          'The site redirects in a circle; check its redirect rules.'
        );
      }
      if (final) {
        throw new OutboundError(
          'too_many_redirects',
          `More than ${maxRedirects} redirects.`,
          'Check the URL the site finally lands on and use it directly.'
        );
      }
      if (next.origin !== target.url.origin) headers = withoutOriginBoundHeaders(headers);
      current = next.href;
    }
  } catch (error) {
    const reason = signal.aborted ? signal.reason : error;
    const failure = reason instanceof OutboundError ? reason : asOutboundError(reason);
    throw new RequestFailedError(failure, current, hops, performance.now() - started);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Settles like `work`, or rejects as soon as `signal` aborts: the deadline holds even when a socket
 * is gone without the request ever reporting an error.
 */
function orAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function withoutOriginBoundHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name.toLowerCase()))
  );
}

interface Marks {
  start: number;
  connect?: number;
  secure?: number;
  firstByte?: number;
}

/** Sends one request to a resolved target and reads its response (the body of redirects is dropped). */
function exchange(
  target: ResolvedTarget,
  headers: Record<string, string>,
  options: GuardedRequestOptions,
  signal: AbortSignal,
  final: boolean
): Promise<{ hop: Hop; response: { body: Buffer; truncated: boolean } }> {
  const https = target.url.protocol === 'https:';
  const marks: Marks = { start: performance.now() };
  let tls: TlsSessionInfo | undefined;
  let remoteAddress = '';

  return new Promise((resolve, reject) => {
    let req: ClientRequest;
    const common = {
      method: options.method ?? 'GET',
      host: target.hostname,
      port: target.url.port || (https ? 443 : 80),
      path: `${target.url.pathname}${target.url.search}`,
      headers,
      agent: false as const, // a fresh connection per request: honest timings, no reuse across hosts
      lookup: pinnedLookup(target),
      signal
    };
    const onResponse = (res: IncomingMessage) => {
      marks.firstByte = performance.now();
      const isRedirect = REDIRECT_STATUSES.has(res.statusCode ?? 0) && res.headers.location !== undefined;
      readResponse(res, isRedirect && !final ? 0 : (options.maxBodyBytes ?? 1_048_576)).then((response) => {
        const hop: Hop = {
          url: target.url.href,
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: res.headers,
          remoteAddress,
          timings: timingsOf(target, marks),
          ...(tls ? { tls } : {})
        };
        resolve({ hop, response });
      }, reject);
    };
    if (https) {
      req = httpsRequest(
        {
          ...common,
          ...(options.tls?.secureContext ? { secureContext: options.tls.secureContext } : {}),
          rejectUnauthorized: options.tls?.rejectUnauthorized ?? true
        },
        onResponse
      );
    } else {
      req = httpRequest(common, onResponse);
    }
    req.once('socket', (socket: Socket) => {
      socket.once('connect', () => {
        marks.connect = performance.now();
        remoteAddress = socket.remoteAddress ?? '';
      });
      socket.once('secureConnect', () => {
        marks.secure = performance.now();
        const secure = socket as TLSSocket;
        tls = {
          protocol: secure.getProtocol(),
          cipher: secure.getCipher().name,
          authorized: secure.authorized,
          ...(secure.authorizationError ? { authorizationError: String(secure.authorizationError) } : {}),
          certificate: secure.getPeerCertificate(true)
        };
      });
    });
    // Without a listener Node drops the socket of a 101 answer and the request never settles.
    req.once('upgrade', (res: IncomingMessage, socket: Socket) => {
      socket.destroy();
      reject(
        new OutboundError(
          'network_error',
          `The server answered ${res.statusCode} Switching Protocols to a plain ${common.method} request.`,
          'The URL points at a WebSocket or other upgrade endpoint; check a page or health URL instead.'
        )
      );
    });
    req.once('error', (error) => reject(signal.aborted ? signal.reason : error));
    req.end();
  });
}

function readResponse(res: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    res.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxBytes - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size = maxBytes;
        truncated = true;
        res.destroy();
        resolve({ body: Buffer.concat(chunks), truncated });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    res.once('end', () => resolve({ body: Buffer.concat(chunks), truncated }));
    res.once('error', (error) => {
      if (!truncated) reject(error);
    });
    res.once('close', () => {
      if (!res.complete && !truncated) {
        reject(
          Object.assign(new Error('the connection closed before the response body was complete'), {
            code: 'ECONNRESET'
          })
        );
      }
    });
  });
}

function timingsOf(target: ResolvedTarget, marks: Marks): PhaseTimings {
  const now = performance.now();
  const connected = marks.connect ?? marks.start;
  const ready = marks.secure ?? connected;
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    dnsMs: round(target.dnsMs),
    connectMs: round(connected - marks.start),
    tlsMs: marks.secure === undefined ? null : round(marks.secure - connected),
    firstByteMs: round((marks.firstByte ?? now) - ready),
    totalMs: round(target.dnsMs + now - marks.start)
  };
}

const TLS_CODES = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** Turns a socket or TLS error into an OutboundError with a message a model can act on. */
export function asOutboundError(error: unknown): OutboundError {
  if (error instanceof OutboundError) return error;
  const code = String((error as NodeJS.ErrnoException)?.code ?? '');
  const detail = error instanceof Error ? error.message : String(error);
  const make = (kind: OutboundErrorCode, message: string, hint: string) =>
    new OutboundError(kind, message, hint, { cause: error });
  if (code === 'ECONNREFUSED')
    return make(
      'connection_refused',
      'The connection was refused: nothing listens on that port.',
      'Check the port and whether the service is running.'
    );
  if (code === 'ECONNRESET' || code === 'EPIPE' || detail === 'socket hang up') {
    return make(
      'connection_reset',
      `The server closed the connection abruptly (${code || detail}).`,
      'The service crashed or a proxy dropped the request; try again.'
    );
  }
  if (code === 'ETIMEDOUT')
    return make('timeout', 'The connection timed out.', 'The host is not answering; check firewalls and the port.');
  if (TLS_CODES.test(code)) {
    return make(
      'tls_error',
      `The TLS certificate was rejected (${code}).`,
      'Inspect the certificate (issuer, validity dates, names) to see why, or fix it on the server.'
    );
  }
  if (error instanceof Error && error.name === 'AbortError')
    return make('timeout', 'The request was cancelled.', 'Try again.');
  return make(
    'network_error',
    `The request failed: ${code ? `${code}: ` : ''}${detail}`,
    'Check the URL and the network, then try again.'
  );
}
