import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BrowserSettings } from '../src/browser/session.js';

export type Route = (req: IncomingMessage, res: ServerResponse, site: Site) => void;

export interface Site {
  port: number;
  origin: string;
  /** Every request line received, in order. */
  hits: string[];
  /** TCP connections accepted (counts tunnels and anything that is not HTTP too). */
  connections: number;
  close(): Promise<void>;
}

/** A local web server on 127.0.0.1 with a route table; unknown paths are 404. */
export async function startSite(routes: Record<string, Route | string> = {}): Promise<Site> {
  const sockets = new Set<Socket>();
  const site: Site = { port: 0, origin: '', hits: [], connections: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    site.hits.push(`${req.method} ${req.url}`);
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } else if (typeof route === 'string') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(route);
    } else route(req, res, site);
  });
  server.on('connection', (socket) => {
    site.connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket) => {
    site.hits.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.port = (server.address() as AddressInfo).port;
  site.origin = `http://127.0.0.1:${site.port}`;
  site.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return site;
}

export function html(body: string, title = 'Test page'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** Settings for a test browser: system Chromium, sandbox off when the tests run as root. */
export function browserSettings(overrides: Partial<BrowserSettings> = {}): BrowserSettings {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return {
    executablePath: process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
    headless: true,
    noSandbox: root,
    viewport: { width: 1024, height: 768 },
    allowedOrigins: [],
    blockedOrigins: [],
    maxDownloadBytes: 1_000_000,
    maxDownloads: 5,
    consoleBufferSize: 100,
    networkBufferSize: 200,
    maxPages: 8,
    ...overrides
  };
}
