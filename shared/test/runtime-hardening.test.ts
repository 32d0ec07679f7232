import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect as tcpConnect, type AddressInfo, type Socket } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  oauthAuthenticator,
  startHttpServer,
  staticTokenAuthenticator,
  type Authenticator,
  type HealthReport,
  type HttpServerOptions,
  type RunningHttpServer
} from '../src/runtime/index.js';
import { memoryLogger, rawHttpRequest, testRuntime, waitFor } from '../src/testing/index.js';

// Attacks on the HTTP runtime from raw sockets on 127.0.0.1: slow bodies, idle sockets, 401s kept
// open, hostile Host headers, and what anonymous /healthz reveals.

const TOKEN = 'a-static-token-of-decent-length';
const servers: RunningHttpServer[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(overrides: Partial<HttpServerOptions> = {}): Promise<RunningHttpServer> {
  const runtime = testRuntime();
  const http = await startHttpServer({
    factory: () => runtime.newMcpServer(),
    host: '127.0.0.1',
    port: 0,
    logger: memoryLogger().logger,
    authenticator: staticTokenAuthenticator(TOKEN),
    allowedHosts: ['127.0.0.1', 'localhost'],
    allowedOrigins: [],
    maxBodyBytes: 4096,
    health: async (): Promise<HealthReport> => ({
      ok: true,
      checks: { database: 'postgres://db.internal.example:5432/shop', pool: { idle: 3 } }
    }),
    serverName: 'hardening',
    serverVersion: '0',
    ...overrides
  });
  servers.push(http);
  return http;
}

/** A raw socket that records what it was sent and when the server closed it. */
function rawSocket(url: URL) {
  const socket = tcpConnect(Number(url.port), '127.0.0.1');
  sockets.push(socket);
  const state = { data: '', closed: false, error: undefined as Error | undefined };
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (state.data += chunk));
  socket.on('close', () => (state.closed = true));
  socket.on('error', (error) => (state.error = error));
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return { socket, state, opened };
}

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const listTools = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });

describe('slow and idle sockets', () => {
  it('closes a connection that trickles its headers past the headers timeout', async () => {
    const http = await serve({ timeouts: { headersMs: 500, requestMs: 1_000 } });
    const { socket, state, opened } = rawSocket(http.url);
    await opened;
    socket.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
    try {
      await waitFor(() => state.closed, 10_000);
    } finally {
      clearInterval(trickle);
    }
    expect(state.closed).toBe(true);
  });

  it('closes an authenticated request whose body trickles in past the request deadline', async () => {
    const http = await serve({ timeouts: { headersMs: 500, requestMs: 1_000 } });
    const { socket, state, opened } = rawSocket(http.url);
    await opened;
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\n` +
        `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
        `Content-Length: ${listTools.length}\r\n\r\n`
    );
    let sent = 0;
    // One byte every 150 ms never finishes the body within the deadline.
    const trickle = setInterval(() => {
      if (!socket.destroyed && sent < listTools.length - 1) socket.write(listTools[sent++]!);
    }, 150);
    try {
      await waitFor(() => state.closed, 15_000);
    } finally {
      clearInterval(trickle);
    }
    expect(state.closed).toBe(true);
    expect(sent).toBeLessThan(listTools.length - 1);
  });

  it('answers 401 and closes the socket while an unauthenticated body is still arriving', async () => {
    const http = await serve();
    const { socket, state, opened } = rawSocket(http.url);
    await opened;
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"a":`
    );
    const trickle = setInterval(() => !socket.destroyed && socket.write(' '), 50);
    try {
      await waitFor(() => state.closed, 10_000);
    } finally {
      clearInterval(trickle);
    }
    expect(state.data).toMatch(/^HTTP\/1\.1 401/);
    expect(state.data.toLowerCase()).toContain('connection: close');
  });

  it.each([
    ['403 for a foreign Host', 'Host: evil.example\r\n', 403],
    ['413 for a declared body over the limit', 'Host: 127.0.0.1\r\nContent-Length: 999999\r\n', 413]
  ])('answers %s and closes the socket', async (_label, headers, status) => {
    const http = await serve();
    const { socket, state, opened } = rawSocket(http.url);
    await opened;
    socket.write(`POST /mcp HTTP/1.1\r\n${headers}Authorization: Bearer ${TOKEN}\r\n\r\n`);
    await waitFor(() => state.closed, 10_000);
    expect(state.data).toMatch(new RegExp(`^HTTP/1\\.1 ${status}`));
    // closed by the server on purpose, not by the keep-alive timer
    expect(state.data.toLowerCase()).toContain('connection: close');
  });

  it('caps concurrent unauthenticated sockets and keeps serving authenticated clients', async () => {
    const http = await serve({ maxUnauthenticatedSockets: 4, timeouts: { headersMs: 30_000, requestMs: 30_000 } });
    const idle = Array.from({ length: 8 }, () => rawSocket(http.url));
    await Promise.all(idle.map((s) => s.opened));
    // Sockets past the cap are closed at once; the first four wait (for their headers timeout).
    await waitFor(() => idle.filter((s) => s.state.closed).length >= 4, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(idle.filter((s) => s.state.closed)).toHaveLength(4);
    // Freeing a slot lets a client in, and its authenticated request succeeds.
    for (const s of idle) s.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ok = await rawHttpRequest(http.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` },
      body: listTools
    });
    expect(ok.status).toBe(200);
  });
});

describe('hostile Host headers', () => {
  it.each(['evil.com@localhost', 'user:pass@127.0.0.1', 'localhost/../x', 'local host'])(
    'answers %s with a 4xx, never a 500',
    async (host) => {
      const http = await serve();
      const res = await rawHttpRequest(http.url, {
        method: 'POST',
        headers: { ...MCP_HEADERS, host, authorization: `Bearer ${TOKEN}` },
        body: listTools
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  );

  it('answers a Host with userinfo with 400 even when no Host check is configured', async () => {
    const http = await serve({ allowedHosts: [] });
    const res = await rawHttpRequest(http.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, host: 'evil.com@localhost', authorization: `Bearer ${TOKEN}` },
      body: listTools
    });
    expect(res.status).toBe(400);
  });
});

describe('/healthz behind authentication', () => {
  it('tells an anonymous caller only ok or not ok', async () => {
    const http = await serve();
    const res = await rawHttpRequest(new URL('/healthz', http.url));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
    expect(res.body).not.toContain('db.internal');
  });

  it('tells an anonymous caller "unavailable" without the error text', async () => {
    const http = await serve({ health: async () => ({ ok: false, error: 'connect ECONNREFUSED 10.1.2.3:5432' }) });
    const res = await rawHttpRequest(new URL('/healthz', http.url));
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'unavailable' });
  });

  it('gives the checks to a caller with a valid token, and nothing more to a wrong token', async () => {
    const http = await serve();
    const authed = await rawHttpRequest(new URL('/healthz', http.url), {
      headers: { authorization: `Bearer ${TOKEN}` }
    });
    expect(JSON.parse(authed.body)).toMatchObject({
      status: 'ok',
      server: 'hardening',
      checks: { database: 'postgres://db.internal.example:5432/shop' }
    });
    const wrong = await rawHttpRequest(new URL('/healthz', http.url), {
      headers: { authorization: 'Bearer nope-nope-nope' }
    });
    expect(JSON.parse(wrong.body)).toEqual({ status: 'ok' });
  });

  it('keeps the details on a loopback server without authentication', async () => {
    const http = await serve({ authenticator: undefined });
    const res = await rawHttpRequest(new URL('/healthz', http.url));
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', checks: { pool: { idle: 3 } } });
  });
});

// ---------------------------------------------------------------------------------------------

describe('OAuth token lifetime', () => {
  let jwks: Server;
  let issuer: string;
  let key: CryptoKey;
  const resource = 'http://127.0.0.1:1/mcp';

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = pair.privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      jwks.close(() => resolve());
      jwks.closeAllConnections();
    });
  });

  const now = () => Math.floor(Date.now() / 1000);

  function sign(claims: { iat?: number; nbf?: number; exp?: number }) {
    const jwt = new SignJWT({ scope: 'mcp:tools', client_id: 'c1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(resource)
      .setSubject('user-1');
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
    return jwt.sign(key);
  }

  function authenticator(maxTokenLifetimeSeconds?: number): Authenticator {
    return oauthAuthenticator({
      issuer,
      audience: resource,
      requiredScopes: [],
      resource,
      resourceMetadataUrl: 'http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp',
      ...(maxTokenLifetimeSeconds !== undefined ? { maxTokenLifetimeSeconds } : {})
    });
  }

  const request = (token: string) => ({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;

  it('accepts a token that expires within the allowed lifetime', async () => {
    const result = await authenticator().authenticate(request(await sign({ iat: now(), exp: now() + 3_600 })));
    expect(result.ok).toBe(true);
  });

  it('refuses a token without exp, saying why', async () => {
    const result = await authenticator().authenticate(request(await sign({ iat: now() })));
    expect(result).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
    expect(result.ok ? '' : result.description).toMatch(/no expiry/);
  });

  it.each<[string, () => { iat?: number; nbf?: number; exp?: number }]>([
    ['exp - iat over 24 h', () => ({ iat: now() - 60, exp: now() + 25 * 3_600 })],
    ['exp - nbf over 24 h (no iat)', () => ({ nbf: now() - 60, exp: now() + 30 * 3_600 })],
    ['exp years away with neither iat nor nbf', () => ({ exp: now() + 5 * 365 * 86_400 })],
    ['a backdated iat hiding a far exp', () => ({ iat: now() + 9 * 365 * 86_400, exp: now() + 9 * 365 * 86_400 + 60 })]
  ])('refuses a token with %s', async (_label, claims) => {
    const result = await authenticator().authenticate(request(await sign(claims())));
    expect(result).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
    expect(result.ok ? '' : result.description).toMatch(/lifetime/);
  });

  it('takes the maximum lifetime from its options', async () => {
    const token = await sign({ iat: now(), exp: now() + 2 * 3_600 });
    expect((await authenticator(3_600).authenticate(request(token))).ok).toBe(false);
    expect((await authenticator(3 * 3_600).authenticate(request(token))).ok).toBe(true);
  });
});
