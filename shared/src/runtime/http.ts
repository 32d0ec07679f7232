import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
}

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

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;

    // DNS rebinding: a browser page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (options.allowedHosts.length > 0) {
      const host = validateHostHeader(req.headers.host, options.allowedHosts);
      if (!host.ok) return sendJson(res, 403, { error: 'forbidden', message: host.message });
    }
    if (req.headers.origin !== undefined) {
      const origin = validateOriginHeader(req.headers.origin, options.allowedOrigins);
      if (!origin.ok) return sendJson(res, 403, { error: 'forbidden', message: origin.message });
    }

    if (path === '/healthz' && req.method === 'GET') return sendHealth(res, options);
    if (path.startsWith(RESOURCE_METADATA_PATH) && req.method === 'GET') {
      if (!options.authenticator?.resourceMetadata) return sendJson(res, 404, { error: 'not_found' });
      return sendJson(res, 200, options.authenticator.resourceMetadata);
    }
    if (path !== MCP_PATH) return sendJson(res, 404, { error: 'not_found', message: `MCP is served at ${MCP_PATH}` });

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > options.maxBodyBytes) {
      return sendJson(res, 413, {
        error: 'payload_too_large',
        message: `request body over ${options.maxBodyBytes} bytes`
      });
    }

    if (options.authenticator) {
      const result = await options.authenticator.authenticate(req);
      if (!result.ok) {
        res.setHeader('WWW-Authenticate', options.authenticator.challenge(result));
        return sendJson(res, result.status, { error: result.error, error_description: result.description });
      }
      (req as IncomingMessage & { auth?: unknown }).auth = result.authInfo;
    }
    await mcpNode(req, res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logger.error('http request failed', { error });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.end();
    });
  });
  // Slow-loris and idle-socket bounds; SSE responses keep themselves alive with comments.
  server.headersTimeout = 20_000;
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;

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

async function sendHealth(res: ServerResponse, options: HttpServerOptions) {
  let report: HealthReport;
  try {
    report = await withTimeout(options.health(), 5_000);
  } catch (error) {
    report = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  sendJson(res, report.ok ? 200 : 503, {
    status: report.ok ? 'ok' : 'unavailable',
    server: options.serverName,
    version: options.serverVersion,
    // /healthz answers without auth, and readiness errors quote connection strings: redact like a log line.
    ...(report.checks ? { checks: redact(report.checks) } : {}),
    ...(report.error ? { error: redactString(report.error) } : {})
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store'
  });
  res.end(text);
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
