import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createState, type FakeState } from './state.js';
import { handlers, SlackFail, type Handler } from './methods.js';

/**
 * A Slack Web API on 127.0.0.1 speaking the real wire format: POST /api/<method> with a form or
 * JSON body and `Authorization: Bearer`, HTTP 200 with `{ ok, error }` for platform errors, 429
 * with `Retry-After` for rate limits, cursors in `response_metadata.next_cursor`. Every call is
 * recorded (method, arguments, which token kind) so tests assert on exactly what reached "Slack".
 */
export interface FakeCall {
  method: string;
  args: Record<string, unknown>;
  /** 'bot' | 'user' | 'unknown' | 'none': which of the fake's tokens authorised it. */
  tokenKind: string;
}

export type Fault =
  | { kind: 'ratelimited'; retryAfter: number }
  | { kind: 'error'; error: string; extra?: Record<string, unknown> }
  | { kind: 'http'; status: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  /** Slack acts on the call, then the connection drops before the answer. */
  | { kind: 'lost' };

export interface FakeSlack {
  url: string;
  state: FakeState;
  calls: FakeCall[];
  /** Calls of one method, in order. */
  callsTo(method: string): FakeCall[];
  /** Queue faults for a method: each call consumes one; `times` repeats it. */
  fault(method: string, fault: Fault, times?: number): void;
  clearCalls(): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export const BOT_TOKEN = 'xoxb-1111-2222-faketokenbot';
export const USER_TOKEN = 'xoxp-1111-2222-3333-faketokenuser';

export async function startFakeSlack(init: { seed?: (state: FakeState) => void } = {}): Promise<FakeSlack> {
  const state = createState();
  init.seed?.(state);
  const calls: FakeCall[] = [];
  const faults = new Map<string, Fault[]>();
  const sockets = new Set<import('node:net').Socket>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fatal_error', detail: String(error) });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/api\/([A-Za-z.]+)$/.exec(req.url?.split('?')[0] ?? '');
    const body = await readBody(req);
    if (req.method !== 'POST' || !match) return send(res, 404, { ok: false, error: 'unknown_method' });
    const method = match[1]!;
    const args = parseArgs(req.headers['content-type'] ?? '', body);
    const token = bearer(req) ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const tokenKind = token === undefined ? 'none' : (state.tokens.get(token)?.kind ?? 'unknown');
    calls.push({ method, args, tokenKind });

    const queued = faults.get(method);
    const fault = queued?.shift();
    if (fault) {
      if (fault.kind === 'ratelimited') {
        res.setHeader('Retry-After', String(fault.retryAfter));
        return send(res, 429, { ok: false, error: 'ratelimited' });
      }
      if (fault.kind === 'error') return send(res, 200, { ok: false, error: fault.error, ...fault.extra });
      if (fault.kind === 'http') return send(res, fault.status, { ok: false, error: 'internal_error' });
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    }
    if (fault?.kind === 'lost') {
      const auth = token === undefined ? undefined : state.tokens.get(token);
      if (auth) handlers[method]?.run(state, args, auth);
      req.socket.destroy();
      return;
    }

    const handler: Handler | undefined = handlers[method];
    if (!handler) return send(res, 200, { ok: false, error: 'unknown_method' });
    const auth = token === undefined ? undefined : state.tokens.get(token);
    if (!auth) return send(res, 200, { ok: false, error: token === undefined ? 'not_authed' : 'invalid_auth' });
    const missing = handler.scopes.find((s) => !auth.scopes.includes(s));
    if (missing !== undefined) {
      res.setHeader('x-oauth-scopes', auth.scopes.join(','));
      return send(res, 200, { ok: false, error: 'missing_scope', needed: missing, provided: auth.scopes.join(',') });
    }
    try {
      const result = handler.run(state, args, auth);
      send(res, 200, { ok: true, ...result });
    } catch (error) {
      if (error instanceof SlackFail) return send(res, 200, { ok: false, error: error.code, ...error.extra });
      throw error;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    state,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    fault(method, fault, times = 1) {
      const list = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(fault);
      faults.set(method, list);
    },
    clearCalls: () => void calls.splice(0),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function bearer(req: IncomingMessage): string | undefined {
  const value = req.headers.authorization;
  return value?.startsWith('Bearer ') ? value.slice(7) : undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// Slack accepts form bodies (what @slack/web-api sends; nested values JSON-encoded) and JSON bodies.
function parseArgs(contentType: string, body: string): Record<string, unknown> {
  if (body === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}
