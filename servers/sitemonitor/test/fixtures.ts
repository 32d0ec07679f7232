import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A local stand-in for a monitored site on 127.0.0.1 with named routes. Unknown paths answer 404.
 * Every socket is tracked so close() never waits on a route that hangs on purpose.
 */
export interface LocalSite {
  origin: string;
  port: number;
  routes: Map<string, Handler>;
  hits(path: string): number;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

function serve(server: Server, scheme: 'http' | 'https', host = '127.0.0.1'): Promise<LocalSite> {
  const routes = new Map<string, Handler>();
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
    const route = routes.get(pathname);
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => socket.on('error', () => undefined));
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve) =>
    server.listen(0, host, () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        origin: `${scheme}://${host}:${port}`,
        port,
        routes,
        hits: (p) => counts.get(p) ?? 0,
        connections: () => connections,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          })
      });
    })
  );
}

export const startHttpSite = () => serve(createHttp(), 'http');

export const startHttpsSite = (pair: KeyPair) => serve(createHttps({ key: pair.key, cert: pair.cert }), 'https');

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  ca: KeyPair;
  /** Signed by `ca`, names localhost and 127.0.0.1, valid for a year. */
  valid: KeyPair;
  /** Signed by `ca`, expires in 5 days. */
  expiringSoon: KeyPair;
  /** Signed by `ca`, expired 3 days ago. */
  expired: KeyPair;
  /** Signed by `ca` but only names other.test. */
  wrongName: KeyPair;
  /** Its own issuer. */
  selfSigned: KeyPair;
  /** A PEM file holding the CA certificate, for --ca-file. */
  caFile: string;
  cleanup(): void;
}

const DAY = 86_400_000;

type Extensions = NonNullable<NonNullable<Parameters<typeof generate>[1]>['extensions']>;

const leafExtensions = (names: Array<{ type: 2; value: string } | { type: 7; ip: string }>): Extensions => [
  { name: 'basicConstraints', cA: false },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
  { name: 'extKeyUsage', serverAuth: true },
  { name: 'subjectAltName', altNames: names }
];

const LOCAL_NAMES = [
  { type: 2 as const, value: 'localhost' },
  { type: 7 as const, ip: '127.0.0.1' }
];

/** A private CA and leaf certificates in every state a check must report, made fresh for each run. */
export async function makeCertificates(): Promise<TestCertificates> {
  const now = Date.now();
  const base = { keyType: 'ec' as const, algorithm: 'sha256' as const };
  const caPems = await generate([{ name: 'commonName', value: 'Sitemonitor Test CA' }], {
    ...base,
    notBeforeDate: new Date(now - DAY),
    notAfterDate: new Date(now + 3650 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
    ]
  });
  const ca = { key: caPems.private, cert: caPems.cert };
  const leaf = async (
    commonName: string,
    from: number,
    to: number,
    names = LOCAL_NAMES,
    signer: KeyPair | null = ca
  ) => {
    const pems = await generate([{ name: 'commonName', value: commonName }], {
      ...base,
      notBeforeDate: new Date(from),
      notAfterDate: new Date(to),
      extensions: leafExtensions(names),
      ...(signer ? { ca: { key: signer.key, cert: signer.cert } } : {})
    });
    return { key: pems.private, cert: pems.cert };
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'sitemonitor-ca-'));
  const caFile = path.join(dir, 'ca.pem');
  writeFileSync(caFile, ca.cert);
  return {
    ca,
    valid: await leaf('localhost', now - DAY, now + 365 * DAY),
    expiringSoon: await leaf('localhost', now - 60 * DAY, now + 5 * DAY + 3_600_000),
    expired: await leaf('localhost', now - 90 * DAY, now - 3 * DAY),
    wrongName: await leaf('other.test', now - DAY, now + 365 * DAY, [{ type: 2, value: 'other.test' }]),
    selfSigned: await leaf('localhost', now - DAY, now + 365 * DAY, LOCAL_NAMES, null),
    caFile,
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  };
}
