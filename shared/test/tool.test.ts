import type { Client } from '@modelcontextprotocol/client';
import type { CallToolResult, McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { createServerRuntime, type ServerRuntime } from '../src/runtime/index.js';
import { connectInMemory, memoryLogger, testRuntime, type ConnectedClient } from '../src/testing/index.js';
import {
  defineTool,
  isAbortError,
  parseRateLimit,
  RateLimiter,
  ToolError,
  ToolHost,
  type AnyToolDefinition,
  type ToolContext
} from '../src/tool/index.js';

let sessions: ConnectedClient[] = [];
afterEach(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  sessions = [];
});

const STACK_FRAME = /\bat \S+ \(?\S+:\d+:\d+\)?|\.ts:\d+/;

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  if (!first || first.type !== 'text') throw new Error(`no text block in ${JSON.stringify(result)}`);
  return first.text;
}

async function call(client: Client, name: string, args?: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, ...(args === undefined ? {} : { arguments: args }) })) as CallToolResult;
}

/** Connects a client to a fresh server built by `runtime` for every connection, as in production. */
async function serve(runtime: ServerRuntime, tools: AnyToolDefinition[]): Promise<Client> {
  const session = await connectInMemory(() => {
    const server = runtime.newMcpServer();
    runtime.registerTools(server, tools);
    return server;
  });
  sessions.push(session);
  return session.client;
}

/** Connects through a hand-built ToolHost (for options the runtime does not expose: clock, structured cap). */
async function serveWithHost(host: ToolHost, tools: AnyToolDefinition[]): Promise<Client> {
  const runtime = testRuntime();
  const session = await connectInMemory(() => {
    const server: McpServer = runtime.newMcpServer();
    host.register(server, tools);
    return server;
  });
  sessions.push(session);
  return session.client;
}

const toolCalls = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.msg === 'tool call');

const ANNOTATIONS = { readOnlyHint: true, openWorldHint: false } as const;

const searchItems = (handler?: AnyToolDefinition['handler']) =>
  defineTool({
    name: 'search_items',
    title: 'Search items',
    description: 'Use to search items.',
    input: z.object({
      query: z.string().min(1).describe('What to look for.'),
      limit: z.number().int().max(50).default(10),
      options: z.object({ exact: z.boolean() }).optional()
    }),
    output: z.object({ hits: z.array(z.string()) }),
    annotations: { ...ANNOTATIONS, idempotentHint: true },
    handler:
      handler ?? (async ({ query, limit }) => ({ structured: { hits: [`${query}:${limit}`] }, text: `found ${query}` }))
  });

function simpleTool(
  name: string,
  handler: (
    args: Record<string, unknown>,
    ctx: ToolContext
  ) => Promise<{ structured: Record<string, unknown>; text: string }>,
  extra: Partial<AnyToolDefinition> = {}
) {
  return defineTool({
    name,
    title: name,
    description: `Use to ${name}.`,
    input: z.object({ value: z.string().optional() }),
    output: z.object({}).passthrough(),
    annotations: ANNOTATIONS,
    handler: handler as AnyToolDefinition['handler'],
    ...extra
  });
}

describe('defineTool', () => {
  it.each(['echo_text', 'read_text_file', 'get_v2_item', 'list_items'])('accepts the verb_noun name %s', (name) => {
    expect(() => simpleTool(name, async () => ({ structured: {}, text: '' }))).not.toThrow();
  });

  it.each(['echo', 'Echo_text', 'echo-text', 'echoText', 'echo_', '_echo', '1_echo', 'echo__text', 'echo text', ''])(
    'rejects the name %j at definition time',
    (name) => {
      expect(() => simpleTool(name, async () => ({ structured: {}, text: '' }))).toThrow(
        /must be snake_case verb_noun, e\.g\. "read_text_file"/
      );
    }
  );

  it('rejects a tool that claims to be both read-only and destructive', () => {
    const make = (annotations: AnyToolDefinition['annotations']) => () =>
      simpleTool('drop_table', async () => ({ structured: {}, text: '' }), { annotations });
    expect(make({ readOnlyHint: true, destructiveHint: true, openWorldHint: false })).toThrow(
      /cannot be both read-only and destructive/
    );
    expect(make({ readOnlyHint: false, destructiveHint: true, openWorldHint: false })).not.toThrow();
    expect(make({ readOnlyHint: true, destructiveHint: false, openWorldHint: false })).not.toThrow();
  });
});

describe('listing', () => {
  it('advertises the input schema (closed), output schema and annotations with the title', async () => {
    const client = await serve(testRuntime(), [searchItems()]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['search_items']);
    const [tool] = tools;
    expect(tool!.inputSchema.properties).toHaveProperty('query');
    expect(tool!.inputSchema.required).toEqual(['query']);
    expect(tool!.inputSchema.additionalProperties).toBe(false);
    expect(tool!.outputSchema?.properties).toHaveProperty('hits');
    expect(tool!.annotations).toEqual({
      title: 'Search items',
      readOnlyHint: true,
      openWorldHint: false,
      idempotentHint: true
    });
  });

  it('does not list disabled tools, and refuses calls to them', async () => {
    const runtime = testRuntime({ disabledTools: ['search_items'] });
    const client = await serve(runtime, [
      searchItems(),
      simpleTool('ping_server', async () => ({ structured: {}, text: 'pong' }))
    ]);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['ping_server']);
    expect(runtime.isToolEnabled('search_items')).toBe(false);
    expect(runtime.isToolEnabled('ping_server')).toBe(true);
    await expect(call(client, 'search_items', { query: 'x' })).rejects.toThrow('Tool search_items not found');
  });
});

describe('operator tool names', () => {
  it('warns once when --disable-tools or --rate-limit name a tool the server does not have', async () => {
    const runtime = testRuntime({
      disabledTools: ['serch_items'],
      rateLimits: { ping_servr: { max: 1, windowMs: 1000 } }
    });
    await serve(runtime, [searchItems(), simpleTool('ping_server', async () => ({ structured: {}, text: 'pong' }))]);
    await serve(runtime, [searchItems()]);
    const warnings = runtime.logLines().filter((l) => l.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ unknown: ['serch_items', 'ping_servr'] });
  });

  it('does not warn when every configured name exists', async () => {
    const runtime = testRuntime({ disabledTools: ['search_items'] });
    await serve(runtime, [searchItems()]);
    expect(runtime.logLines().filter((l) => l.level === 'warning')).toEqual([]);
  });
});

describe('argument validation', () => {
  it('passes parsed arguments (with defaults) to the handler', async () => {
    const seen: unknown[] = [];
    const client = await serve(testRuntime(), [
      searchItems(async (args) => {
        seen.push(args);
        return { structured: { hits: [] }, text: 'none' };
      })
    ]);
    const result = await call(client, 'search_items', { query: 'cats' });
    expect(result.isError).toBeFalsy();
    expect(seen).toEqual([{ query: 'cats', limit: 10 }]);
  });

  it('treats missing arguments as an empty object', async () => {
    const client = await serve(testRuntime(), [
      simpleTool('ping_server', async (args) => ({ structured: { args }, text: 'pong' }))
    ]);
    const result = await call(client, 'ping_server');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ args: {} });
  });

  it('refuses unknown arguments and lists the valid ones', async () => {
    const handler = vi.fn();
    const client = await serve(testRuntime(), [searchItems(handler)]);
    const one = await call(client, 'search_items', { query: 'x', qurey: 'typo' });
    expect(one.isError).toBe(true);
    expect(textOf(one)).toContain('- unknown argument "qurey"; valid arguments are "query", "limit", "options"');
    const two = await call(client, 'search_items', { query: 'x', a: 1, b: 2 });
    expect(textOf(two)).toContain('unknown arguments "a", "b"; valid arguments are');
    expect(handler).not.toHaveBeenCalled();
  });

  it('says "(none)" when a tool takes no arguments', async () => {
    const tool = defineTool({
      name: 'get_status',
      title: 'Status',
      description: 'Use to get status.',
      input: z.object({}),
      output: z.object({ ok: z.boolean() }),
      annotations: ANNOTATIONS,
      handler: async () => ({ structured: { ok: true }, text: 'ok' })
    });
    const client = await serve(testRuntime(), [tool]);
    expect(textOf(await call(client, 'get_status', { verbose: true }))).toContain('valid arguments are (none)');
  });

  it('names missing and wrongly typed arguments, including nested ones', async () => {
    const handler = vi.fn();
    const runtime = testRuntime();
    const client = await serve(runtime, [searchItems(handler)]);
    const missing = await call(client, 'search_items', { limit: 5 });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe(
      'Invalid arguments for search_items:\n- "query": required, but missing\nFix the argument(s) above and call search_items again.'
    );

    const wrong = await call(client, 'search_items', { query: 42, limit: 'ten', options: { exact: 'yes' } });
    const text = textOf(wrong);
    expect(text).toMatch(/- "query": Invalid input: expected string, received number/);
    expect(text).toMatch(/- "limit": Invalid input: expected number, received string/);
    expect(text).toMatch(/- "options\.exact": Invalid input: expected boolean, received string/);

    const tooBig = await call(client, 'search_items', { query: 'x', limit: 500 });
    expect(textOf(tooBig)).toMatch(/- "limit": Too big: expected number to be <=50/);
    expect(handler).not.toHaveBeenCalled();
    expect(toolCalls(runtime.logLines()).map((l) => l.outcome)).toEqual([
      'invalid_arguments',
      'invalid_arguments',
      'invalid_arguments'
    ]);
  });
});

describe('errors', () => {
  it('returns a ToolError message and hint as an isError result', async () => {
    const runtime = testRuntime();
    const client = await serve(runtime, [
      simpleTool('read_record', async () => {
        throw new ToolError('record 7 does not exist', { hint: 'Call list_records to see the ids.' });
      })
    ]);
    const result = await call(client, 'read_record', {});
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toBe('record 7 does not exist\nCall list_records to see the ids.');
    const [line] = toolCalls(runtime.logLines());
    expect(line).toMatchObject({ level: 'info', outcome: 'tool_error' });
    // ToolError messages quote arguments (ids, paths, queries), which never go to the log.
    expect(JSON.stringify(line)).not.toContain('record 7');
  });

  it('returns a ToolError without hint as its message alone', async () => {
    const client = await serve(testRuntime(), [
      simpleTool('read_record', async () => {
        throw new ToolError('no such record');
      })
    ]);
    expect(textOf(await call(client, 'read_record', {}))).toBe('no such record');
  });

  it('turns an unexpected Error into isError with a redacted message and no stack', async () => {
    const runtime = testRuntime();
    const client = await serve(runtime, [
      simpleTool('query_db', async () => {
        throw new Error('connect ECONNREFUSED postgres://app:hunter2@db.internal:5432/prod');
      })
    ]);
    const result = await call(client, 'query_db', {});
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toBe(
      'query_db failed: connect ECONNREFUSED postgres://app:[REDACTED]@db.internal:5432/prod. This is probably not caused by your arguments; retrying may help, or report it to the server operator.'
    );
    expect(text).not.toMatch(STACK_FRAME);
    expect(JSON.stringify(result)).not.toContain('hunter2');
    const [line] = toolCalls(runtime.logLines());
    expect(line).toMatchObject({ level: 'error', outcome: 'internal_error', tool: 'query_db' });
    expect(JSON.stringify(runtime.logLines())).not.toContain('hunter2');
  });

  it('handles a thrown non-Error value', async () => {
    const client = await serve(testRuntime(), [
      simpleTool('query_db', async () => {
        throw 'token=abc123 went wrong';
      })
    ]);
    const result = await call(client, 'query_db', {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^query_db failed: token=\[REDACTED\] went wrong\. /);
  });

  it('translates domain errors through mapError, and falls through when it returns undefined', async () => {
    const mapError = vi.fn((error: unknown) =>
      (error as { code?: string }).code === 'ENOENT'
        ? new ToolError('file not found', { hint: 'Check the path with list_directory.' })
        : undefined
    );
    const runtime = testRuntime({ mapError });
    const client = await serve(runtime, [
      simpleTool('read_file', async ({ value }) => {
        if (value === 'tool') throw new ToolError('already a ToolError');
        throw Object.assign(new Error(value === 'missing' ? 'ENOENT: /etc/x' : 'disk on fire'), {
          code: value === 'missing' ? 'ENOENT' : 'EIO'
        });
      })
    ]);
    expect(textOf(await call(client, 'read_file', { value: 'missing' }))).toBe(
      'file not found\nCheck the path with list_directory.'
    );
    expect(textOf(await call(client, 'read_file', { value: 'io' }))).toMatch(/^read_file failed: disk on fire\./);
    expect(mapError).toHaveBeenCalledTimes(2);
    expect(textOf(await call(client, 'read_file', { value: 'tool' }))).toBe('already a ToolError');
    expect(mapError).toHaveBeenCalledTimes(2);
    expect(toolCalls(runtime.logLines()).map((l) => l.outcome)).toEqual(['tool_error', 'internal_error', 'tool_error']);
  });

  it('isAbortError recognises AbortError names and ABORT_ERR codes only', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(controller.signal.reason)).toBe(true);
    expect(isAbortError(Object.assign(new Error('x'), { code: 'ABORT_ERR' }))).toBe(true);
    expect(isAbortError(new Error('aborted'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
  });
});

describe('output caps', () => {
  it('caps the text rendering at maxResultBytes with a notice while structuredContent stays complete', async () => {
    const long = 'é'.repeat(3000); // 6000 bytes of UTF-8
    const client = await serve(testRuntime({ maxResultBytes: 1000 }), [
      simpleTool('dump_text', async () => ({ structured: { body: long }, text: long }))
    ]);
    const result = await call(client, 'dump_text', {});
    expect(result.isError).toBeFalsy();
    const text = textOf(result);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
    expect(text).toMatch(/output truncated at [\d,]+ of 6,000 bytes/);
    expect(text).toContain('the structured result has the complete page');
    expect(result.structuredContent).toEqual({ body: long });
  });

  it('leaves text under the cap untouched and keeps extra content blocks', async () => {
    const client = await serve(testRuntime({ maxResultBytes: 1000 }), [
      simpleTool('draw_chart', async () => ({
        structured: { ok: true },
        text: 'small',
        content: [{ type: 'image', data: 'aGk=', mimeType: 'image/png' }]
      }))
    ]);
    const result = await call(client, 'draw_chart', {});
    expect(result.content).toEqual([
      { type: 'text', text: 'small' },
      { type: 'image', data: 'aGk=', mimeType: 'image/png' }
    ]);
  });

  it('refuses oversized structuredContent with an actionable message, counting UTF-8 bytes', async () => {
    const host = new ToolHost({ logger: memoryLogger().logger, maxStructuredBytes: 1000 });
    const client = await serveWithHost(host, [
      simpleTool('dump_rows', async ({ value }) => {
        const body = value === 'ascii' ? 'a'.repeat(990) : value === 'wide' ? '€'.repeat(400) : 'a'.repeat(10);
        return { structured: { body }, text: 'rows' };
      })
    ]);
    const small = await call(client, 'dump_rows', { value: 'small' });
    expect(small.isError).toBeFalsy();
    const ascii = await call(client, 'dump_rows', { value: 'ascii' });
    expect(ascii.isError).toBe(true);
    expect(textOf(ascii)).toBe(
      "dump_rows produced 1,001 bytes of structured output, over the server's 1,000-byte limit. Ask for less: use a narrower query, a smaller limit, or paging."
    );
    expect(ascii.structuredContent).toBeUndefined();
    // 400 × 3-byte characters = 1,200 bytes of JSON content, although only 400 UTF-16 units
    const wide = await call(client, 'dump_rows', { value: 'wide' });
    expect(wide.isError).toBe(true);
    expect(textOf(wide)).toMatch(/produced 1,211 bytes of structured output/);
  });
});

describe('rate limits', () => {
  const counter = (name: string, extra: Partial<AnyToolDefinition> = {}) => {
    const calls = { n: 0 };
    const tool = simpleTool(
      name,
      async () => {
        calls.n++;
        return { structured: {}, text: 'ok' };
      },
      extra
    );
    return { tool, calls };
  };

  it('uses a sliding window and says when to retry', async () => {
    let now = 1_000_000;
    const { logger, lines } = memoryLogger();
    const host = new ToolHost({ logger, rateLimits: { send_mail: { max: 2, windowMs: 60_000 } }, now: () => now });
    const { tool, calls } = counter('send_mail');
    const client = await serveWithHost(host, [tool]);

    expect((await call(client, 'send_mail', {})).isError).toBeFalsy(); // t=0
    now += 30_000;
    expect((await call(client, 'send_mail', {})).isError).toBeFalsy(); // t=30s
    now += 10_000;
    const limited = await call(client, 'send_mail', {}); // t=40s: the t=0 call frees up at 60s
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toBe('Rate limit reached for send_mail: at most 2 call(s) per minute. Try again in 20 s.');
    now += 19_999;
    expect(textOf(await call(client, 'send_mail', {}))).toMatch(/Try again in 1 s\.$/);
    now += 1; // t=60s: one slot free (sliding, not a fixed window that would free both)
    expect((await call(client, 'send_mail', {})).isError).toBeFalsy();
    const again = await call(client, 'send_mail', {});
    expect(textOf(again)).toMatch(/Try again in 30 s\.$/);
    expect(calls.n).toBe(3);
    expect(toolCalls(lines()).map((l) => l.outcome)).toEqual([
      'ok',
      'ok',
      'rate_limited',
      'rate_limited',
      'ok',
      'rate_limited'
    ]);
  });

  it('uses the tool default, lets the operator override it, and leaves other tools alone', async () => {
    const limited = counter('post_reply', { rateLimit: { max: 1, windowMs: 1000 } });
    const overridden = counter('post_comment', { rateLimit: { max: 1, windowMs: 1000 } });
    const free = counter('read_thread');
    const client = await serve(testRuntime({ rateLimits: { post_comment: { max: 3, windowMs: 30_000 } } }), [
      limited.tool,
      overridden.tool,
      free.tool
    ]);

    expect((await call(client, 'post_reply', {})).isError).toBeFalsy();
    expect(textOf(await call(client, 'post_reply', {}))).toMatch(
      /^Rate limit reached for post_reply: at most 1 call\(s\) per second\. Try again in 1 s\.$/
    );
    for (let i = 0; i < 3; i++) expect((await call(client, 'post_comment', {})).isError).toBeFalsy();
    expect(textOf(await call(client, 'post_comment', {}))).toMatch(
      /^Rate limit reached for post_comment: at most 3 call\(s\) per 30 s\. Try again in (29|30) s\.$/
    );
    for (let i = 0; i < 20; i++) expect((await call(client, 'read_thread', {})).isError).toBeFalsy();
    expect([limited.calls.n, overridden.calls.n, free.calls.n]).toEqual([1, 3, 20]);
  });

  it('holds across McpServer instances from the same runtime (one server per HTTP request)', async () => {
    const runtime = testRuntime({ rateLimits: { send_mail: { max: 2, windowMs: 60_000 } } });
    const { tool, calls } = counter('send_mail');
    const first = await serve(runtime, [tool]);
    const second = await serve(runtime, [tool]);
    expect((await call(first, 'send_mail', {})).isError).toBeFalsy();
    expect((await call(second, 'send_mail', {})).isError).toBeFalsy();
    expect((await call(first, 'send_mail', {})).isError).toBe(true);
    expect((await call(second, 'send_mail', {})).isError).toBe(true);
    expect(calls.n).toBe(2);

    // a different runtime (another process) has its own budget
    const other = await serve(testRuntime({ rateLimits: { send_mail: { max: 2, windowMs: 60_000 } } }), [tool]);
    expect((await call(other, 'send_mail', {})).isError).toBeFalsy();
  });

  it('RateLimiter keeps keys apart', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const limit = { max: 1, windowMs: 100 };
    expect(limiter.take('a', limit)).toEqual({ ok: true });
    expect(limiter.take('b', limit)).toEqual({ ok: true });
    now = 40;
    expect(limiter.take('a', limit)).toEqual({ ok: false, retryAfterMs: 60 });
    now = 100;
    expect(limiter.take('a', limit)).toEqual({ ok: true });
  });
});

describe('parseRateLimit', () => {
  it.each([
    ['10/min', 10, 60_000],
    ['5/s', 5, 1000],
    ['5/sec', 5, 1000],
    ['2/seconds', 2, 1000],
    ['100/hour', 100, 3_600_000],
    ['100/h', 100, 3_600_000],
    ['3/minutes', 3, 60_000],
    ['1/m', 1, 60_000],
    ['20/30s', 20, 30_000],
    ['4/15min', 4, 900_000],
    ['7/250ms', 7, 250],
    [' 6 / 2 hours ', 6, 7_200_000],
    ['10/MIN', 10, 60_000]
  ])('parses %j', (text, max, windowMs) => {
    expect(parseRateLimit(text)).toEqual({ max, windowMs });
  });

  it.each(['', 'ten/min', '10', '10/', '10/day', '10 per minute', '-1/min', '1.5/min', '10/min/extra'])(
    'rejects %j with the expected form',
    (text) => {
      expect(() => parseRateLimit(text)).toThrow(
        /is not a rate limit; write it as CALLS\/UNIT, e\.g\. "10\/min", "5\/s" or "100\/hour"/
      );
    }
  );

  it('rejects a limit of zero calls', () => {
    expect(() => parseRateLimit('0/min')).toThrow('rate limit "0/min" must allow at least one call');
  });
});

describe('cancellation and progress', () => {
  it('aborts ctx.signal when the client cancels, and logs the call as cancelled', async () => {
    const runtime = testRuntime();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const observed: { abortedAtStart?: boolean; abortedAtEnd?: boolean } = {};
    const client = await serve(runtime, [
      simpleTool('crawl_site', async (_args, ctx) => {
        observed.abortedAtStart = ctx.signal.aborted;
        started();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 5_000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        observed.abortedAtEnd = ctx.signal.aborted;
        return { structured: {}, text: 'done' };
      })
    ]);
    const controller = new AbortController();
    const pending = client.callTool({ name: 'crawl_site', arguments: {} }, { signal: controller.signal });
    await running;
    const t0 = Date.now();
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await vi.waitFor(() => expect(toolCalls(runtime.logLines())).toHaveLength(1), { timeout: 2_000 });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(observed).toEqual({ abortedAtStart: false, abortedAtEnd: true });
    expect(toolCalls(runtime.logLines())[0]).toMatchObject({ tool: 'crawl_site', outcome: 'cancelled' });
  });

  it('sends progress to a client that passed onprogress', async () => {
    const client = await serve(testRuntime(), [
      simpleTool('index_docs', async (_args, ctx) => {
        await ctx.progress(1, 3, 'first');
        await ctx.progress(2);
        return { structured: {}, text: 'done' };
      })
    ]);
    const updates: unknown[] = [];
    const result = await client.callTool({ name: 'index_docs', arguments: {} }, { onprogress: (p) => updates.push(p) });
    expect(result.isError).toBeFalsy();
    await vi.waitFor(() => expect(updates).toHaveLength(2));
    expect(updates).toEqual([{ progress: 1, total: 3, message: 'first' }, { progress: 2 }]);
  });

  it('makes progress a no-op for a client that did not ask', async () => {
    const notifySpy: { calls: number; tokenSeen: unknown } = { calls: 0, tokenSeen: 'unset' };
    const client = await serve(testRuntime(), [
      simpleTool('index_docs', async (_args, ctx) => {
        notifySpy.tokenSeen = ctx.request.mcpReq._meta?.progressToken;
        const spy = vi.spyOn(ctx.request.mcpReq, 'notify');
        await ctx.progress(1, 2, 'ignored');
        notifySpy.calls = spy.mock.calls.filter(([n]) => n.method === 'notifications/progress').length;
        return { structured: {}, text: 'done' };
      })
    ]);
    const result = await call(client, 'index_docs', {});
    expect(result.isError).toBeFalsy();
    expect(notifySpy).toEqual({ calls: 0, tokenSeen: undefined });
  });

  it('a failing progress notification does not fail the call', async () => {
    const client = await serve(testRuntime(), [
      simpleTool('index_docs', async (_args, ctx) => {
        vi.spyOn(ctx.request.mcpReq, 'notify').mockRejectedValue(new Error('transport closed'));
        await ctx.progress(1, 2);
        return { structured: { ok: true }, text: 'done' };
      })
    ]);
    const result = await client.callTool({ name: 'index_docs', arguments: {} }, { onprogress: () => undefined });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ ok: true });
  });
});

describe('call logging', () => {
  it('writes exactly one "tool call" line per call with tool, duration and outcome, never argument values', async () => {
    const { logger, lines } = memoryLogger();
    const runtime = createServerRuntime({
      name: 'log',
      version: '1',
      logger,
      rateLimits: { search_items: { max: 3, windowMs: 60_000 } }
    });
    const client = await serve(runtime, [
      searchItems(async ({ query }) => {
        if (query === 'boom-arg-value') throw new ToolError('search backend refused the query');
        return { structured: { hits: [] }, text: `nothing for ${query}` };
      })
    ]);
    await call(client, 'search_items', { query: 'ok-arg-value' });
    await call(client, 'search_items', { query: 'boom-arg-value' });
    await call(client, 'search_items', { query: 12345678, extra: 'invalid-arg-value' });
    await call(client, 'search_items', { query: 'limited-arg-value' });

    const calls = toolCalls(lines());
    expect(calls.map((l) => l.outcome)).toEqual(['ok', 'tool_error', 'invalid_arguments', 'rate_limited']);
    for (const line of calls) {
      expect(line.tool).toBe('search_items');
      expect(typeof line.durationMs).toBe('number');
      expect(line.durationMs as number).toBeGreaterThanOrEqual(0);
      expect(Object.keys(line).sort()).toEqual(
        expect.arrayContaining(['durationMs', 'level', 'msg', 'outcome', 'time', 'tool'])
      );
      expect(line).not.toHaveProperty('args');
      expect(line).not.toHaveProperty('arguments');
    }
    const everything = JSON.stringify(lines());
    for (const value of ['ok-arg-value', 'boom-arg-value', '12345678', 'invalid-arg-value', 'limited-arg-value'])
      expect(everything).not.toContain(value);
  });
});

describe('ctx.elicit (asking the user on both protocol eras)', () => {
  type Answer = { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, string | number | boolean> };

  const askTool = () =>
    simpleTool('confirm_action', async (_args, ctx) => {
      const answer = await ctx.elicit('confirm', {
        message: 'Proceed?',
        requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }
      });
      return { structured: { answer }, text: JSON.stringify(answer) };
    });

  async function client(era: 'legacy' | 'modern', answer?: Answer) {
    const asked: string[] = [];
    const runtime = testRuntime();
    const session = await connectInMemory(
      () => {
        const server = runtime.newMcpServer();
        runtime.registerTools(server, [askTool()]);
        return server;
      },
      {
        ...(answer ? { capabilities: { elicitation: { form: {} } } } : {}),
        setup: (c) => {
          if (era === 'modern') c.setVersionNegotiation({ mode: { pin: '2026-07-28' } });
          if (answer) {
            c.setRequestHandler('elicitation/create', async (request) => {
              asked.push((request.params as { message: string }).message);
              return answer;
            });
          }
        }
      }
    );
    sessions.push(session);
    return { client: session.client, asked, runtime };
  }

  it.each(['legacy', 'modern'] as const)('returns the accepted content (%s)', async (era) => {
    const { client: c, asked, runtime } = await client(era, { action: 'accept', content: { ok: true } });
    const result = (await c.callTool({ name: 'confirm_action', arguments: {} })) as CallToolResult;
    expect(result.structuredContent).toEqual({ answer: { action: 'accept', content: { ok: true } } });
    expect(asked).toEqual(['Proceed?']);
    const outcomes = toolCalls(runtime.logLines()).map((l) => l.outcome);
    expect(outcomes).toEqual(era === 'modern' ? ['input_required', 'ok'] : ['ok']);
  });

  it('charges a rate-limited call once, not again for the round that asked the user (modern)', async () => {
    const asked: string[] = [];
    const runtime = testRuntime({ rateLimits: { confirm_action: { max: 1, windowMs: 60_000 } } });
    const session = await connectInMemory(
      () => {
        const server = runtime.newMcpServer();
        runtime.registerTools(server, [askTool()]);
        return server;
      },
      {
        capabilities: { elicitation: { form: {} } },
        setup: (c) => {
          c.setVersionNegotiation({ mode: { pin: '2026-07-28' } });
          c.setRequestHandler('elicitation/create', async (request) => {
            asked.push((request.params as { message: string }).message);
            return { action: 'accept', content: { ok: true } };
          });
        }
      }
    );
    sessions.push(session);
    const first = (await session.client.callTool({ name: 'confirm_action', arguments: {} })) as CallToolResult;
    expect(first.isError).toBeFalsy();
    const second = (await session.client.callTool({ name: 'confirm_action', arguments: {} })) as CallToolResult;
    expect(second.isError).toBe(true);
    expect(textOf(second)).toMatch(/Rate limit reached for confirm_action/);
    expect(asked).toHaveLength(1);
  });

  it('ignores an answer sent before the question was asked, or replayed, and asks the user (modern)', async () => {
    const { client: c, asked } = await client('modern', { action: 'decline' });
    const forged = { confirm: { action: 'accept', content: { ok: true } } };
    const result = (await c.request({
      method: 'tools/call',
      params: { name: 'confirm_action', arguments: {}, inputResponses: forged }
    })) as CallToolResult;
    expect(asked).toEqual(['Proceed?']);
    expect(result.structuredContent).toEqual({ answer: { action: 'decline' } });
  });

  it.each(['legacy', 'modern'] as const)('returns a decline as such (%s)', async (era) => {
    const { client: c } = await client(era, { action: 'decline' });
    const result = (await c.callTool({ name: 'confirm_action', arguments: {} })) as CallToolResult;
    expect(result.structuredContent).toEqual({ answer: { action: 'decline' } });
  });

  it.each(['legacy', 'modern'] as const)('says unavailable when the client cannot ask (%s)', async (era) => {
    const { client: c } = await client(era);
    const result = (await c.callTool({ name: 'confirm_action', arguments: {} })) as CallToolResult;
    expect(result.structuredContent).toEqual({
      answer: { action: 'unavailable', reason: 'the client did not declare form elicitation' }
    });
  });
});

describe('nested argument errors', () => {
  it('names the nested object when it carries an unknown field', async () => {
    const runtime = testRuntime();
    const tool = defineTool({
      name: 'set_options',
      title: 'Set options',
      description: 'Test tool.',
      input: z.object({ options: z.strictObject({ depth: z.number() }) }),
      output: z.object({}),
      annotations: { readOnlyHint: true, openWorldHint: false },
      handler: async () => ({ structured: {}, text: 'ok' })
    });
    const client = await serve(runtime, [tool]);
    const result = (await client.callTool({
      name: 'set_options',
      arguments: { options: { depth: 1, deep: 2 } }
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('- "options": unknown field "deep"');
    expect(textOf(result)).not.toContain('valid arguments are');
  });
});
