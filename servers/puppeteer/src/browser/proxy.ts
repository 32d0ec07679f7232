import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connectPinned, pinnedLookup, type ResolvedTarget } from '@mcp-catalog/shared';
import { destinationOf, type Destination } from './origins.js';
import { NetworkRefusal, type NetworkRules, type RefusalCode } from './network-policy.js';
import { Ring } from './ring.js';

export interface Refusal {
  at: number;
  /** The URL (plain http) or host:port (a CONNECT tunnel: https or WebSocket). */
  target: string;
  code: RefusalCode;
  reason: string;
}

export interface UpstreamConnection {
  host: string;
  address: string;
  port: number;
}

export interface ProxyOptions {
  rules: NetworkRules;
  /** Refusals kept for the page state (default 200). */
  maxRefusals?: number;
  /** Called for every upstream connection about to be opened (tests assert where traffic went). */
  onUpstream?: (connection: UpstreamConnection) => void;
  onRefusal?: (refusal: Refusal) => void;
  /** Idle limit for one upstream exchange (default 60 000 ms). */
  idleTimeoutMs?: number;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) and the proxy's own: never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
]);

/**
 * The browser's only route out: a forward proxy on 127.0.0.1 (plain HTTP requests and CONNECT
 * tunnels) that runs every request through the {@link NetworkRules} and connects only to the
 * addresses that were checked. Chromium follows redirects itself, so each hop arrives here as a new
 * request and is checked like the first.
 */
export class BrowserProxy {
  readonly refusals: Ring<Refusal>;
  private server: Server | undefined;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16, timeout: 60_000 });
  private readonly sockets = new Set<Socket>();
  private readonly idleTimeoutMs: number;

  constructor(private readonly options: ProxyOptions) {
    this.refusals = new Ring(options.maxRefusals ?? 200);
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  }

  /** Starts listening on an ephemeral loopback port and returns it. */
  async start(): Promise<number> {
    const server = createServer((req, res) => void this.forward(req, res));
    server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => void this.tunnel(req, socket, head));
    server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
      this.refuse(req.url ?? '', new NetworkRefusal('unsupported_scheme', 'Upgrades must use a CONNECT tunnel.'));
      socket.end('HTTP/1.1 501 Not Implemented\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (_error, socket: Socket) => socket.destroy());
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.agent.destroy();
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private refuse(target: string, refusal: NetworkRefusal): Refusal {
    const entry: Refusal = {
      at: Date.now(),
      target: target.slice(0, 500),
      code: refusal.code,
      reason: refusal.message
    };
    this.refusals.push(entry);
    this.options.onRefusal?.(entry);
    return entry;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = req.url ?? '';
    let url: URL;
    try {
      url = new URL(raw);
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      // Origin-form requests are someone talking to the proxy as if it were a site.
      res.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('This is a forward proxy.\n');
      return;
    }
    if (req.headers['service-worker'] === 'script') {
      this.answerRefusal(
        res,
        this.refuse(url.href, new NetworkRefusal('service_worker', 'Service workers are blocked in this browser.'))
      );
      return;
    }
    let target: ResolvedTarget;
    try {
      target = await this.options.rules.check(destinationOf(url));
    } catch (error) {
      this.answerRefusal(res, this.refuse(url.href, asRefusal(error)));
      return;
    }
    const port = Number(url.port || 80);
    this.options.onUpstream?.({ host: target.hostname, address: target.addresses[0]!.address, port });
    const upstream = httpRequest(
      {
        host: target.hostname,
        port,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers: withoutHopByHop(req.headers),
        lookup: pinnedLookup(target),
        agent: this.agent,
        timeout: this.idleTimeoutMs
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
        answer.pipe(res);
        answer.once('error', () => res.destroy());
      }
    );
    upstream.once('timeout', () => upstream.destroy(new Error('upstream idle timeout')));
    upstream.once('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway.\n');
      else res.destroy();
    });
    req.pipe(upstream);
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
  }

  private answerRefusal(res: ServerResponse, refusal: Refusal): void {
    const body = `Refused by the browser's network policy: ${refusal.reason}\n`;
    res
      .writeHead(403, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'x-refused-by': 'mcp-server-puppeteer',
        'cache-control': 'no-store'
      })
      .end(body);
  }

  private async tunnel(req: IncomingMessage, client: Socket, head: Buffer): Promise<void> {
    const raw = req.url ?? '';
    client.on('error', () => client.destroy());
    let destination: Destination;
    try {
      const parsed = new URL(`http://${raw}`);
      if (parsed.pathname !== '/' || parsed.search || parsed.username) throw new Error('not host:port');
      destination = { host: parsed.hostname, port: Number(parsed.port || 80) };
    } catch {
      client.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let upstream: Socket;
    try {
      const target = await this.options.rules.check(destination);
      this.options.onUpstream?.({
        host: target.hostname,
        address: target.addresses[0]!.address,
        port: destination.port
      });
      upstream = await connectPinned(target, destination.port, { timeoutMs: 15_000 });
    } catch (error) {
      const refusal = this.refuse(raw, asRefusal(error));
      const status = refusal.code === 'connect_failed' ? '502 Bad Gateway' : '403 Forbidden';
      client.end(
        `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\nX-Refused-By: mcp-server-puppeteer\r\n\r\n`
      );
      return;
    }
    if (client.destroyed) {
      upstream.destroy();
      return;
    }
    this.sockets.add(upstream);
    upstream.once('close', () => this.sockets.delete(upstream));
    upstream.setTimeout(this.idleTimeoutMs, () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  }
}

function asRefusal(error: unknown): NetworkRefusal {
  if (error instanceof NetworkRefusal) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkRefusal('connect_failed', message);
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const listed = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.includes(name)) continue;
    out[name] = value;
  }
  return out;
}
