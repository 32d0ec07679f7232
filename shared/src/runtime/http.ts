import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  createMcpHandler,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  validateHostHeader,
  validateOriginHeader,
  type McpServerFactory,
  type ServerEventBus
} from '@modelcontextprotocol/server';
import { redact, redactString, type Logger } from '../log/index.js';
import type { Authenticator } from './auth.js';

export interface HealthReport {
  ok: boolean;
  checks?: Record<string, unknown>;
  error?: string;
}

export interface HttpServerOptions {
  factory: McpServerFactory;
  host: string;
  port: number;
  logger: Logger;
  authenticator?: Authenticator;
  /** Host header names accepted; empty means no Host check (only allowed when auth is on). */
  allowedHosts: string[];
  allowedOrigins: string[];
  maxBodyBytes: number;
  health: () => Promise<HealthReport>;
  serverName: string;
  serverVersion: string;
  /** Where subscriptions/listen streams hear change events (the runtime's, so servers can publish). */
  bus?: ServerEventBus;
  /** Slow-client deadlines; the defaults suit interactive clients on a LAN or behind a proxy. */
  timeouts?: HttpTimeouts;
  /**
   * Sockets that have not yet sent an authenticated request (or, without auth, a complete request
   * head) that may be open at once; connections beyond it are closed on arrival. Default 128.
   */
  maxUnauthenticatedSockets?: number;
}

export interface HttpTimeouts {
  /** Time to receive a request's headers (slow-loris). Default 10 s. */
  headersMs?: number;
  /**
   * Time to receive a whole request, body included (a trickled body). Responses are not bounded:
   * an SSE stream or a long tool call answers after its request is complete. Default 30 s.
   */
  requestMs?: number;
}

const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_UNAUTHENTICATED_SOCKETS = 128;
/** A Host header is a host name or bracketed IPv6 address and an optional port, nothing else. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export interface RunningHttpServer {
  server: Server;
  url: URL;
  close(): Promise<void>;
}

export const MCP_PATH = '/mcp';
export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function defaultAllowedHosts(bindHost: string, publicUrl?: string): string[] {
  if (publicUrl) return [new URL(publicUrl).hostname, ...(isLoopback(bindHost) ? localhostAllowedHostnames() : [])];
  return isLoopback(bindHost) ? localhostAllowedHostnames() : [];
}

export function defaultAllowedOrigins(): string[] {
  return localhostAllowedOrigins();
}

/**
 * Streamable HTTP on /mcp, stateless (a fresh McpServer per request, so any replica behind a load
 * balancer can answer), with DNS-rebinding checks, bearer auth, a body limit and /healthz.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { logger } = options;
  const mcp = createMcpHandler(options.factory, {
    maxRequestBodySize: options.maxBodyBytes,
    ...(options.bus ? { bus: options.bus } : {}),
    onerror: (error) => logger.warning('mcp http exchange failed', { error })
  });
  const mcpNode = toNodeHandler(mcp, {
    maxRequestBodySize: options.maxBodyBytes,
    onerror: (error) => logger.error('mcp http handler failed', { error })
  });

  // Sockets that have not proven they belong to a client we serve; bounded so idle or trickling
  // connections cannot exhaust file descriptors.
  const untrusted = new Set<Socket>();
  const trust = (req: IncomingMessage) => untrusted.delete(req.socket);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;

    // userinfo or a path in Host ("evil.com@localhost") passes a hostname check but makes the
    // request URL unparseable further down: refuse it here as the client's mistake.
    if (req.headers.host === undefined || !PLAIN_HOST.test(req.headers.host)) {
      return sendJson(
        res,
        400,
        { error: 'bad_request', message: 'Host must be a host name and an optional port' },
        true
      );
    }
    // DNS rebinding: a browser page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (options.allowedHosts.length > 0) {
      const host = validateHostHeader(req.headers.host, options.allowedHosts);
      if (!host.ok) return sendJson(res, 403, { error: 'forbidden', message: host.message }, true);
    }
    if (req.headers.origin !== undefined) {
      const origin = validateOriginHeader(req.headers.origin, options.allowedOrigins);
      if (!origin.ok) return sendJson(res, 403, { error: 'forbidden', message: origin.message }, true);
    }
    if (!options.authenticator) trust(req);

    if (path === '/healthz' && req.method === 'GET') return sendHealth(res, options, await mayReadDetails(req));
    if (path.startsWith(RESOURCE_METADATA_PATH) && req.method === 'GET') {
      if (!options.authenticator?.resourceMetadata) return sendJson(res, 404, { error: 'not_found' });
      return sendJson(res, 200, options.authenticator.resourceMetadata);
    }
    if (path !== MCP_PATH) return sendJson(res, 404, { error: 'not_found', message: `MCP is served at ${MCP_PATH}` });

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > options.maxBodyBytes) {
      return sendJson(
        res,
        413,
        {
          error: 'payload_too_large',
          message: `request body over ${options.maxBodyBytes} bytes`
        },
        true
      );
    }

    if (options.authenticator) {
      const result = await options.authenticator.authenticate(req);
      if (!result.ok) {
        res.setHeader('WWW-Authenticate', options.authenticator.challenge(result));
        return sendJson(res, result.status, { error: result.error, error_description: result.description }, true);
      }
      trust(req);
      (req as IncomingMessage & { auth?: unknown }).auth = result.authInfo;
    }
    // The SDK answers a chunked body over the limit with 413 itself; that socket goes too.
    res.once('finish', () => {
      if (CLOSE_AFTER.has(res.statusCode)) closeSoon(req.socket);
    });
    await mcpNode(req, res);
  };

  /** Details of /healthz (checks, errors, version) are for callers who could call /mcp too. */
  const mayReadDetails = async (req: IncomingMessage): Promise<boolean> => {
    if (!options.authenticator) return true;
    if (req.headers.authorization === undefined) return false;
    try {
      return (await options.authenticator.authenticate(req)).ok;
    } catch {
      return false;
    }
  };

  const headersTimeout = options.timeouts?.headersMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.timeouts?.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // How often Node checks those deadlines (default 30 s, which would stretch a 10 s deadline to 40).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout)
    },
    (req, res) => {
      handle(req, res).catch((error) => {
        logger.error('http request failed', { error });
        if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
        else res.end();
      });
    }
  );
  server.keepAliveTimeout = 5_000;
  const maxUntrusted = options.maxUnauthenticatedSockets ?? DEFAULT_MAX_UNAUTHENTICATED_SOCKETS;
  let lastRefusalLog = 0;
  server.on('connection', (socket: Socket) => {
    if (untrusted.size >= maxUntrusted) {
      socket.destroy();
      if (Date.now() - lastRefusalLog > 10_000) {
        lastRefusalLog = Date.now();
        logger.warning('refusing connections: too many unauthenticated sockets open', { limit: maxUntrusted });
      }
      return;
    }
    untrusted.add(socket);
    socket.once('close', () => untrusted.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = new URL(`http://${hostForUrl}:${address.port}${MCP_PATH}`);

  return {
    server,
    url,
    async close() {
      await mcp.close().catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  };
}

async function sendHealth(res: ServerResponse, options: HttpServerOptions, detailed: boolean) {
  let report: HealthReport;
  try {
    report = await withTimeout(options.health(), 5_000);
  } catch (error) {
    report = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const status = report.ok ? 'ok' : 'unavailable';
  // A load balancer needs only the status; backend addresses and errors are for the operator.
  if (!detailed) return sendJson(res, report.ok ? 200 : 503, { status });
  sendJson(res, report.ok ? 200 : 503, {
    status,
    server: options.serverName,
    version: options.serverVersion,
    // /healthz answers without auth, and readiness errors quote connection strings: redact like a log line.
    ...(report.checks ? { checks: redact(report.checks) } : {}),
    ...(report.error ? { error: redactString(report.error) } : {})
  });
}

/** Refusals after which a socket is closed: a refused client gets no idle connection to hold. */
const CLOSE_AFTER = new Set([400, 401, 403, 408, 413, 431]);

function sendJson(res: ServerResponse, status: number, body: unknown, close = false) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {})
  });
  res.end(text);
  if (close) res.once('finish', () => closeSoon(res.req.socket));
}

/**
 * Ends our side once the response is out, then destroys the socket shortly after even if the client
 * keeps sending (an unread body would otherwise keep it open).
 */
function closeSoon(socket: Socket | null) {
  // After 'finish' the request may already have let go of its socket (null): nothing left to close.
  if (!socket || socket.destroyed) return;
  socket.end();
  setTimeout(() => socket.destroy(), 1_000).unref();
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`readiness check timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
}
