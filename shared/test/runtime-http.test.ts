import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  ConfigError,
  runServer,
  startHttpServer,
  type Authenticator,
  type HealthReport,
  type RunningServer,
  type ServerRuntime
} from '../src/runtime/index.js';
import { memoryLogger, rawHttpRequest, testRuntime } from '../src/testing/index.js';
import { defineServer, defineSettings, forServer, setting } from '../src/server/index.js';
import { defineResource } from '../src/server/define.js';

// ---------------------------------------------------------------------------------------------
// A tiny server definition whose behaviour each test steers through `state`.

interface Deps {
  id: number;
}

const state = {
  health: (async () => ({ ok: true, checks: { store: 'up' } })) as () => Promise<HealthReport>,
  factoryThrows: false,
  depsCreated: 0,
  closed: [] as number[]
};

function resetState() {
  state.health = async () => ({ ok: true, checks: { store: 'up' } });
  state.factoryThrows = false;
}

const { defineTool } = forServer<{ motto: string }, Deps>();

const whoAmI = defineTool({
  name: 'who_am_i',
  title: 'Who am I',
  description: 'Use to see the caller identity the server received.',
  input: z.object({}),
  output: z.object({ clientId: z.string().nullable(), scopes: z.array(z.string()), sub: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(ctx) {
    const auth = ctx.request.http?.authInfo;
    const sub = (auth?.extra as { sub?: string } | undefined)?.sub ?? null;
    return {
      structured: { clientId: auth?.clientId ?? null, scopes: auth?.scopes ?? [], sub },
      text: auth?.clientId ?? 'anonymous'
    };
  }
});

const failHard = defineTool({
  name: 'fail_hard',
  title: 'Fail hard',
  description: 'Use to make the handler throw.',
  input: z.object({}),
  output: z.object({}),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler() {
    throw new Error('handler exploded');
  }
});

const definition = defineServer<{ motto: string }, Deps>({
  name: 'probe',
  version: '1.2.3',
  description: 'Test probe',
  settings: defineSettings('probe', {
    motto: setting(z.string().default('hi'), { env: 'PROBE_MOTTO', description: 'Unused.' })
  }),
  instructions: 'probe',
  toolsets: [{ name: 'probe', description: 'Probe tools', default: true, tools: [whoAmI, failHard] }],
  createDeps: () => ({ id: ++state.depsCreated }),
  connect() {
    if (state.factoryThrows) throw new Error('factory exploded');
    return undefined;
  },
  health: () => state.health(),
  close: async (deps) => void state.closed.push(deps.id)
});

// ---------------------------------------------------------------------------------------------
// Helpers

const running: RunningServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  resetState();
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
});

afterAll(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function start(argv: string[] = [], env: Record<string, string> = {}): Promise<RunningServer & { url: URL }> {
  const server = await runServer(definition, {
    argv: ['--transport', 'http', '--port', '0', '--log-level', 'emergency', ...argv],
    env,
    manageProcess: false
  });
  if (!server?.url) throw new Error('runServer did not start an HTTP server');
  running.push(server);
  return server as RunningServer & { url: URL };
}

async function connect(url: URL, token?: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(
    url,
    token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : undefined
  );
  const client = new Client({ name: 'http-test', version: '0.0.0' });
  clients.push(client);
  await client.connect(transport);
  return client;
}

const at = (url: URL, path: string) => new URL(path, url);

const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const listToolsBody = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });

function post(url: URL, headers: Record<string, string> = {}, body = listToolsBody) {
  return rawHttpRequest(url, { method: 'POST', headers: { ...MCP_HEADERS, ...headers }, body });
}

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((t) => t.name).sort();
}

// ---------------------------------------------------------------------------------------------

describe('unauthenticated loopback server', () => {
  let server: RunningServer & { url: URL };
  beforeAll(async () => {
    server = await start(['--max-body-bytes', '2048']);
  });

  it('listens on 127.0.0.1 and serves tools/list over Streamable HTTP', async () => {
    expect(server.transport).toBe('http');
    expect(server.url.hostname).toBe('127.0.0.1');
    expect(server.url.pathname).toBe('/mcp');
    const client = await connect(server.url);
    expect(await toolNames(client)).toEqual(['fail_hard', 'who_am_i']);
    const result = (await client.callTool({ name: 'who_am_i', arguments: {} })) as CallToolResult;
    expect(result.structuredContent).toEqual({ clientId: null, scopes: [], sub: null });
  });

  it('refuses a foreign Host header (DNS rebinding) and accepts localhost names', async () => {
    const port = server.url.port;
    const foreign = await post(server.url, { host: `evil.example:${port}` });
    expect(foreign.status).toBe(403);
    expect(json(foreign.body)).toMatchObject({ error: 'forbidden' });
    expect(json(foreign.body).message).toMatch(/evil\.example/);
    expect(
      (await rawHttpRequest(at(server.url, '/healthz'), { headers: { host: `evil.example:${port}` } })).status
    ).toBe(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) {
      expect((await rawHttpRequest(at(server.url, '/healthz'), { headers: { host } })).status).toBe(200);
    }
  });

  it('refuses a foreign Origin and accepts a localhost Origin', async () => {
    const foreign = await post(server.url, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(json(foreign.body)).toMatchObject({ error: 'forbidden' });
    expect((await post(server.url, { origin: 'http://localhost.evil.example' })).status).toBe(403);
    const local = await post(server.url, { origin: 'http://localhost:5173' });
    expect(local.status).toBe(200);
    expect(local.body).toContain('who_am_i');
  });

  it('answers 413 for a body over --max-body-bytes, declared or chunked, and serves smaller ones', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(4096) } });
    const declared = await post(server.url, {}, big);
    expect(declared.status).toBe(413);
    expect(json(declared.body)).toEqual({ error: 'payload_too_large', message: 'request body over 2048 bytes' });

    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        server.url,
        { method: 'POST', headers: { ...MCP_HEADERS, 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }
      );
      req.on('error', reject);
      req.write(big.slice(0, 1000));
      req.end(big.slice(1000));
    });
    expect(chunked).toBe(413);

    expect((await post(server.url)).status).toBe(200);
  });

  it('answers 404 off /mcp, including the OAuth metadata path when OAuth is off', async () => {
    const unknown = await rawHttpRequest(at(server.url, '/nope'));
    expect(unknown.status).toBe(404);
    expect(json(unknown.body)).toEqual({ error: 'not_found', message: 'MCP is served at /mcp' });
    expect((await post(at(server.url, '/mcp/extra'))).status).toBe(404);
    expect((await rawHttpRequest(at(server.url, '/.well-known/oauth-protected-resource/mcp'))).status).toBe(404);
  });

  it("serves /healthz with the definition's readiness report", async () => {
    const res = await rawHttpRequest(at(server.url, '/healthz'));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(json(res.body)).toEqual({
      status: 'ok',
      server: 'mcp-server-probe',
      version: '1.2.3',
      checks: { store: 'up' }
    });
  });

  it('answers 503 with the (redacted) error when the readiness check throws', async () => {
    state.health = async () => {
      throw new Error('cannot reach postgres://app:hunter2@db.internal/prod');
    };
    const res = await rawHttpRequest(at(server.url, '/healthz'));
    expect(res.status).toBe(503);
    expect(json(res.body)).toEqual({
      status: 'unavailable',
      server: 'mcp-server-probe',
      version: '1.2.3',
      error: 'cannot reach postgres://app:[REDACTED]@db.internal/prod'
    });
  });

  it('answers 503 when the readiness check reports ok=false, redacting its error', async () => {
    state.health = async () => ({
      ok: false,
      checks: { store: 'down', target: 'postgres://app:pw9876@db/x', password: 'pw9876' },
      error: 'login failed for token=abc123'
    });
    const res = await rawHttpRequest(at(server.url, '/healthz'));
    expect(res.status).toBe(503);
    expect(json(res.body)).toEqual({
      status: 'unavailable',
      server: 'mcp-server-probe',
      version: '1.2.3',
      checks: { store: 'down', target: 'postgres://app:[REDACTED]@db/x', password: '[REDACTED]' },
      error: 'login failed for token=[REDACTED]'
    });
    expect(res.body).not.toMatch(/abc123|pw9876/);
  });

  it('answers 503 when the readiness check does not finish within 5 s', async () => {
    let called!: () => void;
    const healthCalled = new Promise<void>((resolve) => (called = resolve));
    state.health = () => {
      called();
      return new Promise<HealthReport>(() => undefined);
    };
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const pending = rawHttpRequest(at(server.url, '/healthz'));
    await healthCalled;
    await vi.advanceTimersByTimeAsync(4_999);
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const res = await pending;
    expect(res.status).toBe(503);
    expect(json(res.body)).toMatchObject({ status: 'unavailable', error: 'readiness check timed out after 5000 ms' });
  });

  it('survives a tool handler that throws and a factory that throws', async () => {
    const client = await connect(server.url);
    const failed = (await client.callTool({ name: 'fail_hard', arguments: {} })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect(JSON.stringify(failed.content)).toContain('fail_hard failed: handler exploded.');

    state.factoryThrows = true;
    const broken = await post(server.url);
    expect(broken.status).toBe(500);
    expect(broken.body).not.toContain('factory exploded');
    state.factoryThrows = false;

    expect((await post(server.url)).status).toBe(200);
    expect(await toolNames(await connect(server.url))).toEqual(['fail_hard', 'who_am_i']);
  });
});

describe('static token', () => {
  const TOKEN = 'correct-horse-battery-staple-42';
  let server: RunningServer & { url: URL };
  beforeAll(async () => {
    server = await start([], { MCP_AUTH_TOKEN: TOKEN });
  });

  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const res = await post(server.url);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="mcp", error="invalid_request", error_description="missing bearer token"'
    );
    expect(json(res.body)).toEqual({ error: 'invalid_request', error_description: 'missing bearer token' });
    expect(
      (await post(server.url, { authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` })).status
    ).toBe(401);
  });

  it('answers 401 for a wrong token, including a prefix of the right one', async () => {
    for (const wrong of ['x'.repeat(31), TOKEN.slice(0, -1), `${TOKEN}x`]) {
      const res = await post(server.url, { authorization: `Bearer ${wrong}` });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="mcp", error="invalid_token"/);
      expect(res.body).not.toContain(TOKEN);
    }
    await expect(connect(server.url, 'wrong-token-wrong-token')).rejects.toThrow();
  });

  it('serves a client that carries the right token', async () => {
    const client = await connect(server.url, TOKEN);
    expect(await toolNames(client)).toEqual(['fail_hard', 'who_am_i']);
    const me = (await client.callTool({ name: 'who_am_i', arguments: {} })) as CallToolResult;
    expect(me.structuredContent).toMatchObject({ clientId: 'static-token', scopes: [] });
    expect((await post(server.url, { authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('binding beyond loopback', () => {
  it('is refused without authentication, before any resources are opened', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = state.depsCreated;
    const attempt = runServer(definition, {
      argv: ['--transport', 'http', '--host', '0.0.0.0', '--port', '0'],
      env: {},
      manageProcess: false
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      /--host 0\.0\.0\.0 exposes the server beyond this machine, so authentication is required: set MCP_AUTH_TOKEN/
    );
    expect(state.depsCreated).toBe(before);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toContain('mcp-server-probe: invalid configuration');
  });

  it('starts with a token (briefly on 0.0.0.0, reached only through 127.0.0.1)', async () => {
    const TOKEN = 'another-long-random-token-123';
    const server = await runServer(definition, {
      argv: ['--transport', 'http', '--host', '0.0.0.0', '--port', '0', '--log-level', 'emergency'],
      env: { MCP_AUTH_TOKEN: TOKEN },
      manageProcess: false
    });
    try {
      expect(server?.url?.hostname).toBe('0.0.0.0');
      const local = new URL(`http://127.0.0.1:${server!.url!.port}/mcp`);
      expect((await post(local)).status).toBe(401);
      expect((await post(local, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    } finally {
      await server?.close();
    }
  });
});

describe('lifecycle', () => {
  it("close() resolves, calls the definition's close with its deps, and stops listening", async () => {
    const server = await runServer(definition, {
      argv: ['--transport', 'http', '--port', '0', '--log-level', 'emergency'],
      env: {},
      manageProcess: false
    });
    const id = state.depsCreated;
    const client = await connect(server!.url!);
    expect(await toolNames(client)).toHaveLength(2);
    await expect(server!.close()).resolves.toBeUndefined();
    expect(state.closed).toContain(id);
    await expect(rawHttpRequest(at(server!.url!, '/healthz'))).rejects.toThrow(/ECONNREFUSED/);
    // a second close is harmless and does not close the deps twice
    await server!.close();
    expect(state.closed.filter((c) => c === id)).toHaveLength(1);
  });

  it('prints --help / --version instead of starting', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const before = state.depsCreated;
    expect(await runServer(definition, { argv: ['--version'], env: {}, manageProcess: false })).toBeUndefined();
    expect(await runServer(definition, { argv: ['--help'], env: {}, manageProcess: false })).toBeUndefined();
    const out = stdout.mock.calls.map((c) => String(c[0])).join('');
    vi.restoreAllMocks();
    expect(out).toMatch(/^1\.2\.3\n/);
    expect(out).toContain('mcp-server-probe — Test probe');
    expect(out).toContain('--motto <string>  (env PROBE_MOTTO)');
    expect(out).toContain('MCP_AUTH_TOKEN');
    expect(state.depsCreated).toBe(before);
  });

  it('rejects with a ConfigError for a bad configuration, naming the problem on stderr', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(
      runServer(definition, { argv: ['--transport', 'carrier-pigeon'], env: {}, manageProcess: false })
    ).rejects.toBeInstanceOf(ConfigError);
    const text = stderr.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toContain('--transport / MCP_TRANSPORT: must be "stdio" or "http"');
    expect(text).toContain('Run mcp-server-probe --help for every setting.');
  });
});

describe('startHttpServer', () => {
  it('turns a throwing authenticator into a 500 and keeps serving', async () => {
    const { logger, lines } = memoryLogger();
    const runtime = testRuntime();
    let calls = 0;
    const authenticator: Authenticator = {
      challenge: () => 'Bearer',
      async authenticate() {
        if (++calls === 1) throw new Error('verifier crashed with token=abc123');
        return { ok: true, authInfo: { token: 't', clientId: 'c', scopes: [] } };
      }
    };
    const http = await startHttpServer({
      factory: () => runtime.newMcpServer(),
      host: '127.0.0.1',
      port: 0,
      logger,
      authenticator,
      allowedHosts: ['127.0.0.1'],
      allowedOrigins: [],
      maxBodyBytes: 4096,
      health: async () => ({ ok: true }),
      serverName: 'direct',
      serverVersion: '0'
    });
    try {
      const first = await post(http.url);
      expect(first.status).toBe(500);
      expect(json(first.body)).toEqual({ error: 'internal_error' });
      expect((await post(http.url)).status).toBe(200);
      const failures = lines().filter((l) => l.msg === 'http request failed');
      expect(failures).toHaveLength(1);
      expect(JSON.stringify(failures)).not.toContain('abc123');
    } finally {
      await http.close();
    }
  });
});

describe('server-per-request model', () => {
  it("releases each request's log forwarding once the request is answered", async () => {
    const { logger: inner } = memoryLogger('error');
    let active = 0;
    const logger = {
      ...inner,
      addSink: (sink: Parameters<typeof inner.addSink>[0]) => {
        active++;
        const remove = inner.addSink(sink);
        return () => {
          active--;
          return remove();
        };
      }
    };
    const runtime = testRuntime({ logger });
    let built = 0;
    const http = await startHttpServer({
      factory: () => {
        built++;
        const server = runtime.newMcpServer();
        runtime.registerTools(server, [whoAmI]);
        return server;
      },
      host: '127.0.0.1',
      port: 0,
      logger: inner,
      allowedHosts: ['127.0.0.1'],
      allowedOrigins: [],
      maxBodyBytes: 65_536,
      health: async () => ({ ok: true }),
      serverName: 'direct',
      serverVersion: '0'
    });
    try {
      for (let i = 0; i < 5; i++) expect((await post(http.url)).status).toBe(200);
      const client = await connect(http.url);
      expect(await toolNames(client)).toEqual(['who_am_i']);
      await client.close();
      expect(built).toBeGreaterThanOrEqual(6);
      await vi.waitFor(() => expect(active).toBe(0));
    } finally {
      await http.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// OAuth 2.1 resource-server mode against a local JWKS

describe('OAuth resource server', () => {
  let jwks: Server;
  let issuer: string;
  let key: CryptoKey;
  let rogueKey: CryptoKey;
  let jwksHits = 0;
  let server: RunningServer & { url: URL };

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const rogue = await generateKeyPair('ES256', { extractable: true });
    key = pair.privateKey;
    rogueKey = rogue.privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwks = createServer((req, res) => {
      if (req.url === '/.well-known/jwks.json') {
        jwksHits++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [publicJwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;
    server = await start(['--oauth-issuer', issuer, '--oauth-scopes', 'mcp:tools']);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      jwks.close(() => resolve());
      jwks.closeAllConnections();
    });
  });

  interface TokenOptions {
    scp?: string[];
    issuer?: string;
    audience?: string;
    scope?: string;
    expires?: number | string;
    signWith?: CryptoKey;
  }

  function token(url: URL, options: TokenOptions = {}) {
    const claims = options.scp ? { scp: options.scp } : { scope: options.scope ?? 'mcp:tools profile' };
    return new SignJWT({ ...claims, client_id: 'client-1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? url.href)
      .setSubject('user-7')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '5m')
      .sign(options.signWith ?? key);
  }

  it('accepts a valid token and hands its scopes to the tool handler', async () => {
    const client = await connect(server.url, await token(server.url));
    const me = (await client.callTool({ name: 'who_am_i', arguments: {} })) as CallToolResult;
    expect(me.isError).toBeFalsy();
    expect(me.structuredContent).toEqual({ clientId: 'client-1', scopes: ['mcp:tools', 'profile'], sub: 'user-7' });
    expect(jwksHits).toBeGreaterThan(0);
  });

  it('reads scopes from an `scp` array when the provider sends one instead of `scope`', async () => {
    const client = await connect(server.url, await token(server.url, { scp: ['mcp:tools', 'admin'] }));
    const me = (await client.callTool({ name: 'who_am_i', arguments: {} })) as CallToolResult;
    expect(me.structuredContent).toMatchObject({ scopes: ['mcp:tools', 'admin'] });
    const denied = await post(server.url, { authorization: `Bearer ${await token(server.url, { scp: ['admin'] })}` });
    expect(denied.status).toBe(403);
  });

  it.each<[string, (url: URL) => TokenOptions, string]>([
    ['a wrong issuer', () => ({ issuer: 'http://127.0.0.1:1/other' }), 'token not accepted'],
    ['a wrong audience', () => ({ audience: 'https://someone-else.example/mcp' }), 'token not accepted'],
    ['an expired token', () => ({ expires: Math.floor(Date.now() / 1000) - 120 }), 'token expired'],
    ['a bad signature', () => ({ signWith: rogueKey }), 'token not accepted']
  ])('answers 401 for %s', async (_label, options, description) => {
    const res = await post(server.url, { authorization: `Bearer ${await token(server.url, options(server.url))}` });
    expect(res.status).toBe(401);
    expect(json(res.body)).toEqual({ error: 'invalid_token', error_description: description });
    const challenge = res.headers['www-authenticate'] as string;
    expect(challenge).toContain(`resource_metadata="${server.url.origin}/.well-known/oauth-protected-resource/mcp"`);
    expect(challenge).toContain(`error="invalid_token", error_description="${description}"`);
  });

  it('answers 401 with resource_metadata when the token is missing or not a JWT', async () => {
    const missing = await post(server.url);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe(
      `Bearer resource_metadata="${server.url.origin}/.well-known/oauth-protected-resource/mcp", error="invalid_request", error_description="missing bearer token", scope="mcp:tools"`
    );
    expect((await post(server.url, { authorization: 'Bearer not-a-jwt' })).status).toBe(401);
  });

  it('answers 403 insufficient_scope when a required scope is missing', async () => {
    const res = await post(server.url, {
      authorization: `Bearer ${await token(server.url, { scope: 'profile email' })}`
    });
    expect(res.status).toBe(403);
    expect(json(res.body)).toEqual({ error: 'insufficient_scope', error_description: 'missing scope mcp:tools' });
    expect(res.headers['www-authenticate']).toMatch(/error="insufficient_scope".*scope="mcp:tools"$/);
    const none = await post(server.url, { authorization: `Bearer ${await token(server.url, { scope: '' })}` });
    expect(none.status).toBe(403);
  });

  it('serves RFC 9728 protected-resource metadata naming the issuer and resource', async () => {
    const res = await rawHttpRequest(at(server.url, '/.well-known/oauth-protected-resource/mcp'));
    expect(res.status).toBe(200);
    expect(json(res.body)).toEqual({
      resource: server.url.href,
      authorization_servers: [issuer],
      bearer_methods_supported: ['header'],
      scopes_supported: ['mcp:tools']
    });
  });

  it('refuses tokens living longer than --oauth-max-token-lifetime-seconds (default 24 h)', async () => {
    const strict = await start(['--oauth-issuer', issuer, '--oauth-max-token-lifetime-seconds', '600']);
    const auth = async (url: URL, expires: string) => ({ authorization: `Bearer ${await token(url, { expires })}` });
    expect((await post(strict.url, await auth(strict.url, '5m'))).status).toBe(200);
    const long = await post(strict.url, await auth(strict.url, '20m'));
    expect(long.status).toBe(401);
    expect(json(long.body)).toEqual({
      error: 'invalid_token',
      error_description: 'token lifetime over the 600 s this server accepts'
    });
    // the same 20-minute token is fine under the default
    expect((await post(server.url, await auth(server.url, '20m'))).status).toBe(200);
    expect((await post(server.url, await auth(server.url, '25h'))).status).toBe(401);
  });

  it('uses --public-url and --oauth-audience when given', async () => {
    const proxied = await start([
      '--oauth-issuer',
      issuer,
      '--public-url',
      'https://mcp.example.com',
      '--oauth-audience',
      'api://catalog'
    ]);
    const meta = json((await rawHttpRequest(at(proxied.url, '/.well-known/oauth-protected-resource/mcp'))).body);
    expect(meta).toEqual({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: [issuer],
      bearer_methods_supported: ['header']
    });
    const missing = await post(proxied.url);
    expect(missing.headers['www-authenticate']).toMatch(
      /^Bearer resource_metadata="https:\/\/mcp\.example\.com\/\.well-known\/oauth-protected-resource\/mcp"/
    );
    expect(
      (await post(proxied.url, { authorization: `Bearer ${await token(proxied.url, { audience: 'api://catalog' })}` }))
        .status
    ).toBe(200);
    expect((await post(proxied.url, { authorization: `Bearer ${await token(proxied.url)}` })).status).toBe(401);
    // the public host is accepted as Host, alongside loopback names
    const viaProxy = await rawHttpRequest(at(proxied.url, '/healthz'), { headers: { host: 'mcp.example.com' } });
    expect(viaProxy.status).toBe(200);
  });
});

describe('change events over stateless HTTP', () => {
  it('delivers runtime.notify.resourceUpdated to a 2026-07-28 subscriptions/listen stream', async () => {
    let runtimeSeen: ServerRuntime | undefined;
    const watched = defineServer<Record<string, never>, object>({
      name: 'watched',
      version: '0.0.1',
      description: 'Resource change probe',
      settings: defineSettings('watched', {}),
      instructions: 'probe',
      toolsets: [],
      capabilities: { resources: { subscribe: true } },
      resources: [
        defineResource({
          name: 'status',
          title: 'Status',
          description: 'Probe status.',
          uri: 'probe://status',
          mimeType: 'text/plain',
          read: () => ({ text: 'up' })
        })
      ],
      createDeps: (_config, runtime) => {
        runtimeSeen = runtime;
        return {};
      }
    });
    const server = await runServer(watched, {
      argv: ['--transport', 'http', '--port', '0', '--log-level', 'emergency'],
      env: {},
      manageProcess: false
    });
    running.push(server!);
    const client = new Client({ name: 'listen-test', version: '0.0.0' });
    client.setVersionNegotiation({ mode: { pin: '2026-07-28' } });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(server!.url!));
    const updates: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (n) => void updates.push(n.params.uri));
    const subscription = await client.listen({ resourceSubscriptions: ['probe://status'] });
    runtimeSeen!.notify.resourceUpdated('probe://other');
    runtimeSeen!.notify.resourceUpdated('probe://status');
    for (let i = 0; i < 50 && updates.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(updates).toEqual(['probe://status']);
    await subscription.close();
  });
});
