import { connectInMemory, testRuntime, type ConnectedClient } from '@mcp-catalog/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config.js';
import { createDeps, createServer } from '../src/server.js';

let session: ConnectedClient | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function connect(settings: Record<string, unknown> = {}, runtime = testRuntime()) {
  const config = configSchema.parse(settings);
  const deps = createDeps(config);
  session = await connectInMemory(() => createServer(config, deps, runtime));
  return session.client;
}

describe('echo_text', () => {
  it('is listed with schemas and honest annotations', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'echo_text');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    expect(tool?.inputSchema.properties).toHaveProperty('text');
    expect(tool?.outputSchema?.properties).toHaveProperty('reply');
  });

  it('echoes with the configured greeting as text and structuredContent', async () => {
    const client = await connect({ greeting: 'Hi' });
    const result = await client.callTool({ name: 'echo_text', arguments: { text: 'there', shout: true } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ reply: 'Hi: THERE', length: 9 });
    expect(result.content).toEqual([{ type: 'text', text: 'Hi: THERE' }]);
  });

  it.each([
    [{}, /"text": required/],
    [{ text: '' }, /text must not be empty/],
    [{ text: 42 }, /"text": Invalid input: expected string/],
    [{ text: 'x'.repeat(1001) }, /at most 1000 characters/],
    [{ text: 'ok', shout: 'yes' }, /"shout"/],
    [{ text: 'ok', extra: 1 }, /unknown argument "extra"; valid arguments are "text", "shout"/],
    [{ text: 'a\u0000b' }, /NUL byte/]
  ])('answers bad input %j with an actionable isError result', async (args, message) => {
    const client = await connect();
    const result = await client.callTool({ name: 'echo_text', arguments: args });
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>)[0]!.text;
    expect(text).toMatch(message);
    expect(text).not.toMatch(/\bat \S+:\d+:\d+/); // no stack traces
  });

  it('logs one line per call with tool, duration and outcome but never the arguments', async () => {
    const runtime = testRuntime();
    const client = await connect({}, runtime);
    await client.callTool({ name: 'echo_text', arguments: { text: 'secret-argument' } });
    const calls = runtime.logLines().filter((l) => l.msg === 'tool call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ tool: 'echo_text', outcome: 'ok' });
    expect(typeof calls[0]!.durationMs).toBe('number');
    expect(JSON.stringify(runtime.logLines())).not.toContain('secret-argument');
  });

  it('is not listed when the operator disables it', async () => {
    const client = await connect({}, testRuntime({ disabledTools: ['echo_text'] }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('echo_text');
  });

  it('honours an operator rate limit', async () => {
    const client = await connect({}, testRuntime({ rateLimits: { echo_text: { max: 2, windowMs: 60_000 } } }));
    for (let i = 0; i < 2; i++) {
      expect((await client.callTool({ name: 'echo_text', arguments: { text: 'x' } })).isError).toBeFalsy();
    }
    const limited = await client.callTool({ name: 'echo_text', arguments: { text: 'x' } });
    expect(limited.isError).toBe(true);
    expect((limited.content as Array<{ text: string }>)[0]!.text).toMatch(
      /Rate limit reached for echo_text: at most 2 call\(s\) per minute/
    );
  });
});
