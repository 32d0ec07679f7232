import type { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import {
  createLogger,
  forwardLogsToClient,
  levelAtLeast,
  LOG_LEVELS,
  parseLogLevel,
  redact,
  redactString,
  type LogRecord
} from '../src/log/index.js';
import { createServerRuntime } from '../src/runtime/index.js';
import { connectInMemory, memoryLogger, type ConnectedClient } from '../src/testing/index.js';
import { defineTool } from '../src/tool/index.js';

/** A stream that keeps what it was given. */
function captureStream(isTTY = false) {
  const chunks: string[] = [];
  return {
    stream: { write: (chunk: string) => chunks.push(chunk), isTTY },
    chunks,
    lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>)
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('createLogger output', () => {
  it('writes one JSON object per line with time, level, msg and fields', () => {
    const { stream, chunks, lines } = captureStream();
    const logger = createLogger({ stream, level: 'debug', name: 'unit' });
    logger.info('hello', { count: 3, nested: { ok: true } });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.endsWith('\n')).toBe(true);
    expect(chunks[0]!.indexOf('\n')).toBe(chunks[0]!.length - 1);
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', msg: 'hello', logger: 'unit', count: 3, nested: { ok: true } });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it('defaults to stderr and never writes to stdout', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const logger = createLogger({ level: 'debug', pretty: false });
    logger.debug('d');
    logger.error('e', { code: 1 });
    const stdoutCalls = stdout.mock.calls.length;
    const stderrChunks = stderr.mock.calls.map((c) => String(c[0]));
    vi.restoreAllMocks();
    expect(stdoutCalls).toBe(0);
    expect(stderrChunks.map((c) => (JSON.parse(c) as { msg: string }).msg)).toEqual(['d', 'e']);
  });

  it('writes readable lines when pretty, and defaults to pretty on a TTY', () => {
    const tty = captureStream(true);
    createLogger({ stream: tty.stream, level: 'info' }).warning('disk low', { free: '3%', dirs: ['a'] });
    expect(tty.chunks).toHaveLength(1);
    expect(tty.chunks[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARNING disk low free=3% dirs=\["a"\]\n$/);
    expect(() => JSON.parse(tty.chunks[0]!)).toThrow();

    const forcedJson = captureStream(true);
    createLogger({ stream: forcedJson.stream, pretty: false }).info('x');
    expect(forcedJson.lines()[0]).toMatchObject({ msg: 'x' });

    const forcedPretty = captureStream(false);
    createLogger({ stream: forcedPretty.stream, pretty: true }).info('y');
    expect(forcedPretty.chunks[0]).toMatch(/ INFO {4}y\n$/);
  });

  it('adds child fields to every line, with per-call fields winning', () => {
    const { stream, lines } = captureStream();
    const root = createLogger({ stream, name: 'svc' });
    const child = root.child({ requestId: 'r1', tool: 'a' });
    const grandchild = child.child({ tool: 'b' });
    child.info('one');
    grandchild.info('two', { extra: 1 });
    grandchild.info('three', { tool: 'c' });
    root.info('four');
    expect(lines()).toEqual([
      expect.objectContaining({ msg: 'one', logger: 'svc', requestId: 'r1', tool: 'a' }),
      expect.objectContaining({ msg: 'two', logger: 'svc', requestId: 'r1', tool: 'b', extra: 1 }),
      expect.objectContaining({ msg: 'three', tool: 'c' }),
      expect.not.objectContaining({ requestId: expect.anything() })
    ]);
  });
});

describe('levels', () => {
  it('drops records below the threshold', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ stream, level: 'notice' });
    logger.debug('d');
    logger.info('i');
    logger.notice('n');
    logger.warning('w');
    logger.error('e');
    logger.log('critical', 'c');
    expect(lines().map((l) => l.level)).toEqual(['notice', 'warning', 'error', 'critical']);
    expect(logger.level).toBe('notice');
  });

  it('reads LOG_LEVEL from the environment, accepts "warn", and lets the option win', () => {
    vi.stubEnv('LOG_LEVEL', 'warn');
    const fromEnv = captureStream();
    const logger = createLogger({ stream: fromEnv.stream });
    expect(logger.level).toBe('warning');
    logger.info('dropped');
    logger.warning('kept');
    expect(fromEnv.lines().map((l) => l.msg)).toEqual(['kept']);

    vi.stubEnv('LOG_LEVEL', 'ERROR');
    expect(createLogger({ stream: fromEnv.stream }).level).toBe('error');

    const explicit = captureStream();
    const debugLogger = createLogger({ stream: explicit.stream, level: 'debug' });
    debugLogger.debug('shown');
    expect(explicit.lines().map((l) => l.msg)).toEqual(['shown']);
  });

  it('falls back to info for an unknown or missing level', () => {
    vi.stubEnv('LOG_LEVEL', 'loud');
    expect(createLogger({ stream: captureStream().stream }).level).toBe('info');
    vi.stubEnv('LOG_LEVEL', '');
    expect(createLogger({ stream: captureStream().stream }).level).toBe('info');
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel('bogus', 'error')).toBe('error');
    expect(parseLogLevel('WARN')).toBe('warning');
    expect(parseLogLevel('Emergency')).toBe('emergency');
  });

  it('orders levels by severity', () => {
    expect(LOG_LEVELS[0]).toBe('debug');
    expect(LOG_LEVELS.at(-1)).toBe('emergency');
    expect(levelAtLeast('error', 'warning')).toBe(true);
    expect(levelAtLeast('warning', 'warning')).toBe(true);
    expect(levelAtLeast('notice', 'warning')).toBe(false);
  });
});

describe('redaction', () => {
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
  const cases: Array<[string, string, string]> = [
    ['Bearer token', 'Authorization: Bearer abcdef123456', 'abcdef123456'],
    ['lower-case bearer scheme', 'authorization: bearer abcdef123456', 'abcdef123456'],
    ['Basic credentials', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
    ['GitHub classic token', `token ghp_${'A1b2'.repeat(9)} rejected`, `ghp_${'A1b2'.repeat(9)}`],
    [
      'GitHub fine-grained token',
      'using github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
      'github_pat_11ABCDEFG'
    ],
    ['Slack bot token', 'slack xoxb-123456789012-abcdefABCDEF failed', 'xoxb-123456789012'],
    ['OpenAI-style key', 'key sk-proj-abcdefghijklmnop1234 invalid', 'sk-proj-abcdefghijklmnop1234'],
    ['JWT', `got ${JWT}`, JWT],
    ['URL password', 'connect postgres://u:p@h:5432/db', 'u:p@'],
    ['URL password containing @', 'connect postgres://app:p@ss-w0rd@db.internal/db', 'ss-w0rd'],
    ['password= pair', 'host=db password=hunter2 user=app', 'hunter2'],
    ['token= query parameter', 'GET /cb?token=abc123&state=x', 'abc123'],
    ['api_key= query parameter', 'GET /x?api_key=k3y&other=1', 'k3y']
  ];

  it.each(cases)('redacts a %s in a string', (_label, input, secret) => {
    const out = redactString(input);
    expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
  });

  it('keeps what is not secret around the redaction', () => {
    expect(redactString('connect postgres://u:p@h:5432/db')).toBe('connect postgres://u:[REDACTED]@h:5432/db');
    expect(redactString('connect postgres://app:p@ss@db.internal/db')).toBe(
      'connect postgres://app:[REDACTED]@db.internal/db'
    );
    expect(redactString('https://example.com/a?x=me@example.com')).toBe('https://example.com/a?x=me@example.com');
    expect(redactString('host=db password=hunter2 user=app')).toBe('host=db password=[REDACTED] user=app');
    expect(redactString('GET /cb?token=abc123&state=x')).toBe('GET /cb?token=[REDACTED]&state=x');
    expect(redactString('Authorization: Bearer abcdef123456')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactString('nothing secret here: 42 rows')).toBe('nothing secret here: 42 rows');
  });

  it('replaces secret-named keys at any depth and keeps the rest', () => {
    const out = redact({
      user: 'ann',
      count: 2,
      config: {
        db: { password: 'hunter2', host: 'db', pool: { apiKey: 'k1', api_key: 'k2', clientSecret: 's', size: 5 } }
      },
      headers: { Authorization: 'Basic abc', Cookie: 'sid=1', accept: 'json' },
      list: [{ access_token: 'tok' }, { privateKey: '-----BEGIN' }, 'plain'],
      emptyPassword: '',
      nullToken: null
    });
    expect(out).toEqual({
      user: 'ann',
      count: 2,
      config: {
        db: {
          password: '[REDACTED]',
          host: 'db',
          pool: { apiKey: '[REDACTED]', api_key: '[REDACTED]', clientSecret: '[REDACTED]', size: 5 }
        }
      },
      headers: { Authorization: '[REDACTED]', Cookie: '[REDACTED]', accept: 'json' },
      list: [{ access_token: '[REDACTED]' }, { privateKey: '[REDACTED]' }, 'plain'],
      emptyPassword: '',
      nullToken: null
    });
  });

  it('turns Error objects into name, redacted message and code, without the stack', () => {
    const error = Object.assign(new Error('cannot reach postgres://app:s3cret@db/x'), { code: 'ECONNREFUSED' });
    const out = redact({ error }) as { error: Record<string, unknown> };
    expect(out.error).toEqual({
      name: 'Error',
      message: 'cannot reach postgres://app:[REDACTED]@db/x',
      code: 'ECONNREFUSED'
    });
    expect(JSON.stringify(out)).not.toMatch(/s3cret|at .*:\d+:\d+/);
    expect(redact(new TypeError('plain'))).toEqual({ name: 'TypeError', message: 'plain' });
  });

  it('cuts cyclic and very deep objects at a small bounded depth', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(() => redact(cyclic)).not.toThrow();
    const text = JSON.stringify(redact(cyclic));
    expect(text).toContain('[…]');
    expect(text.length).toBeLessThan(500);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 30; i++) deep = { next: deep };
    let depth = 0;
    for (let node = redact(deep); typeof node === 'object' && node !== null; node = (node as { next: unknown }).next)
      depth++;
    expect(depth).toBeGreaterThanOrEqual(5);
    expect(depth).toBeLessThanOrEqual(16);
  });

  it('applies to messages, fields and child fields on the wire, JSON and pretty', () => {
    for (const pretty of [false, true]) {
      const { stream, chunks } = captureStream();
      const logger = createLogger({ stream, pretty }).child({
        dsn: 'postgres://u:childpass@h/db',
        token: 'child-token'
      });
      logger.error(`failed with Bearer ${'x'.repeat(20)}`, {
        error: new Error(`bad ${JWT}`),
        request: { headers: { authorization: 'Bearer abcdefghijkl' }, url: '/x?password=pw123' }
      });
      const text = chunks.join('');
      for (const secret of ['childpass', 'child-token', 'x'.repeat(20), JWT, 'abcdefghijkl', 'pw123'])
        expect(text).not.toContain(secret);
      expect(text).toContain('[REDACTED]');
    }
  });
});

describe('redaction of hostile input (linear time, capped output)', () => {
  const SIZE = 200_000;
  // Each shape once made one of the patterns backtrack quadratically (or would, without anchoring).
  const hostile: Array<[string, string]> = [
    ['a run of letters (URL scheme)', 'a'.repeat(SIZE)],
    ['a long userinfo without "@"', `a://b:${'c'.repeat(SIZE)}`],
    ['repeated scheme starts', 'a://:'.repeat(SIZE / 5)],
    ['repeated JWT starts without dots', '-eyJ'.repeat(SIZE / 4)],
    ['JWT segments that never complete', `eyJ${'a'.repeat(8)}.`.repeat(SIZE / 12)],
    ['repeated sk- starts', '-sk-'.repeat(SIZE / 4)],
    ['repeated Slack starts', '-xoxa-'.repeat(SIZE / 6)],
    ['repeated GitHub starts', 'ghp_'.repeat(SIZE / 4)],
    ['a bearer scheme and spaces', `Bearer${' '.repeat(SIZE)}`],
    ['repeated key= pairs', 'password='.repeat(SIZE / 9)]
  ];

  it.each(hostile)('redacts %s of 200 KB in well under a second', (_label, input) => {
    const started = performance.now();
    redactString(input);
    redact({ [input.slice(0, 50_000)]: input });
    // Linear passes take a few milliseconds; the quadratic ones took minutes at this size.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('keeps the event loop turning while 200 KB tool names are logged', async () => {
    const { stream } = captureStream();
    const logger = createLogger({ stream, level: 'debug' });
    let last = performance.now();
    let worstGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 5);
    try {
      for (let i = 0; i < 10; i++) {
        logger.warning('unknown tool', { tool: 'x'.repeat(SIZE), arguments: { name: '-eyJ'.repeat(SIZE / 4) } });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      clearInterval(timer);
    }
    expect(worstGap).toBeLessThan(1_000);
  });

  it('caps caller-supplied strings, arrays and keys in log lines and says how much was cut', () => {
    const { stream, chunks } = captureStream();
    const logger = createLogger({ stream });
    logger.info(`called ${'m'.repeat(SIZE)}`, {
      tool: 'x'.repeat(SIZE),
      list: Array.from({ length: 10_000 }, (_, i) => i),
      nested: { [`k${'y'.repeat(SIZE)}`]: 1 }
    });
    const line = chunks.join('');
    expect(line.length).toBeLessThan(20_000);
    const record = JSON.parse(line) as { msg: string; tool: string; list: unknown[] };
    expect(record.tool).toMatch(/^x+… \[\d+ more characters\]$/);
    expect(record.tool).toContain(`${SIZE - 1_024} more characters`);
    expect(record.msg).toMatch(/more characters\]$/);
    expect(record.list.length).toBeLessThanOrEqual(51);
    expect(String(record.list.at(-1))).toMatch(/more items/);
  });

  it('still redacts a secret that straddles the cut', () => {
    const secret = `ghp_${'Z9'.repeat(20)}`;
    const out = redact(`${'.'.repeat(1_010)} ${secret}`) as string;
    expect(out).not.toContain('Z9Z9');
  });
});

describe('failure isolation', () => {
  it('a throwing stream does not throw to the caller, and sinks still run', () => {
    const records: LogRecord[] = [];
    const logger = createLogger({
      stream: {
        write() {
          throw new Error('EPIPE');
        }
      }
    });
    logger.addSink((r) => records.push(r));
    expect(() => logger.error('still fine')).not.toThrow();
    expect(records.map((r) => r.msg)).toEqual(['still fine']);
  });

  it('a throwing sink does not throw to the caller or stop other sinks and the stream', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ stream });
    const seen: string[] = [];
    logger.addSink(() => {
      throw new Error('client gone');
    });
    logger.addSink((r) => seen.push(r.msg));
    expect(() => logger.info('a')).not.toThrow();
    expect(seen).toEqual(['a']);
    expect(lines().map((l) => l.msg)).toEqual(['a']);
  });

  it('addSink returns a function that removes the sink, shared by child loggers', () => {
    const logger = createLogger({ stream: captureStream().stream, level: 'error' });
    const seen: Array<[string, string]> = [];
    const remove = logger.addSink((r) => seen.push([r.level, r.msg]));
    logger.child({ a: 1 }).debug('below stream level');
    remove();
    logger.info('after removal');
    expect(seen).toEqual([['debug', 'below stream level']]);
  });
});

describe('forwardLogsToClient', () => {
  let sessions: ConnectedClient[] = [];
  afterEach(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    sessions = [];
  });

  const logEverything = defineTool({
    name: 'emit_logs',
    title: 'Emit logs',
    description: 'Logs one record at each level.',
    input: z.object({}),
    output: z.object({ done: z.boolean() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async handler(_args, ctx) {
      ctx.logger.debug('d-record');
      ctx.logger.info('i-record', { password: 'hunter2' });
      ctx.logger.warning('w-record');
      ctx.logger.error('e-record');
      return { structured: { done: true }, text: 'done' };
    }
  });

  async function connectClient(runtime: ReturnType<typeof createServerRuntime>) {
    const messages: Array<{ level: string; data: Record<string, unknown> }> = [];
    const session = await connectInMemory(
      () => {
        const server = runtime.newMcpServer();
        runtime.registerTools(server, [logEverything]);
        return server;
      },
      {
        setup: (client: Client) =>
          client.setNotificationHandler('notifications/message', (n) => {
            messages.push({ level: n.params.level, data: n.params.data as Record<string, unknown> });
          })
      }
    );
    sessions.push(session);
    return { client: session.client, messages };
  }

  /** Lets in-flight notifications arrive; a round trip is enough for the in-memory transport. */
  async function settle(client: Client) {
    await client.ping();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it('sends nothing to a client that never asked, and only records at or above the level to one that did', async () => {
    const runtime = createServerRuntime({ name: 'fwd', version: '1', logger: memoryLogger('error').logger });
    const quiet = await connectClient(runtime);
    const listening = await connectClient(runtime);
    await listening.client.setLoggingLevel('warning');

    await quiet.client.callTool({ name: 'emit_logs', arguments: {} });
    await listening.client.callTool({ name: 'emit_logs', arguments: {} });
    await settle(quiet.client);
    await settle(listening.client);

    expect(quiet.messages).toEqual([]);
    // both calls' warnings reach the listening client (the logger is process-wide)
    const levels = listening.messages.map((m) => m.level);
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((l) => l === 'warning' || l === 'error')).toBe(true);
    expect(listening.messages.map((m) => m.data.msg)).toEqual(expect.arrayContaining(['w-record', 'e-record']));
    expect(listening.messages.map((m) => m.data.msg)).not.toContain('i-record');
  });

  it('forwards debug records to a client at debug even when stderr is quieter, redacted', async () => {
    const runtime = createServerRuntime({ name: 'fwd', version: '1', logger: memoryLogger('error').logger });
    const listening = await connectClient(runtime);
    await listening.client.setLoggingLevel('debug');
    await listening.client.callTool({ name: 'emit_logs', arguments: {} });
    await settle(listening.client);
    const byMsg = new Map(listening.messages.map((m) => [m.data.msg, m]));
    expect([...byMsg.keys()]).toEqual(expect.arrayContaining(['d-record', 'i-record', 'w-record', 'e-record']));
    expect(byMsg.get('i-record')!.data).toMatchObject({ password: '[REDACTED]', tool: 'emit_logs' });
  });

  it('detaches forwarding when a connection closes, so per-connection servers do not pile up sinks', async () => {
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
    const runtime = createServerRuntime({ name: 'fwd', version: '1', logger });
    const first = await connectClient(runtime);
    const second = await connectClient(runtime);
    expect(active).toBe(2);
    await first.client.close();
    await vi.waitFor(() => expect(active).toBe(1));
    await second.client.close();
    await vi.waitFor(() => expect(active).toBe(0));
  });

  it('honours the level the client set, skips disconnected servers, and stops once detached', async () => {
    const { logger } = memoryLogger('error');
    const sends: Array<{ level: string; data: { msg: string } }> = [];
    let setLevel: ((request: { params: { level: string } }) => Promise<unknown>) | undefined;
    let connected = true;
    const fakeServer = {
      server: { setRequestHandler: (_method: string, handler: typeof setLevel) => void (setLevel = handler) },
      isConnected: () => connected,
      sendLoggingMessage: async (message: { level: string; data: { msg: string } }) => void sends.push(message)
    };
    const detach = forwardLogsToClient(fakeServer as never, logger);
    logger.error('before any level');
    await setLevel!({ params: { level: 'info' } });
    logger.debug('below');
    logger.info('at level', { n: 1 });
    connected = false;
    logger.error('while disconnected');
    connected = true;
    detach();
    logger.error('after detach');
    expect(sends).toEqual([{ level: 'info', logger: 'server', data: { msg: 'at level', n: 1 } }]);
  });
});
