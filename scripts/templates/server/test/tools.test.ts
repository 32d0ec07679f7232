import { connectManifest, type ConnectedManifest } from '@mcp-catalog/shared/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { manifest } from '../src/manifest.js';

// Protocol tests: the real settings parsing, switches and tool host, through an in-memory client.
let session: ConnectedManifest<unknown> | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function connect(argv: string[] = []) {
  session = await connectManifest(manifest, { argv });
  return session.client;
}

const textOf = (result: { content: unknown }) => (result.content as Array<{ text: string }>)[0]!.text;

describe('echo_text', () => {
  it('is listed with schemas and honest annotations', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'echo_text');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
    expect(tool?.inputSchema.properties).toHaveProperty('text');
    expect(tool?.outputSchema?.properties).toHaveProperty('reply');
  });

  it('echoes with the configured greeting as text and structuredContent', async () => {
    const client = await connect(['--greeting', 'Hi']);
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
    expect(textOf(result)).toMatch(message);
    expect(textOf(result)).not.toMatch(/\bat \S+:\d+:\d+/); // no stack traces
  });

  it('logs one line per call with tool, duration and outcome but never the arguments', async () => {
    const client = await connect();
    await client.callTool({ name: 'echo_text', arguments: { text: 'secret-argument' } });
    const calls = session!.logLines().filter((l) => l.msg === 'tool call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ tool: 'echo_text', outcome: 'ok' });
    expect(typeof calls[0]!.durationMs).toBe('number');
    expect(JSON.stringify(session!.logLines())).not.toContain('secret-argument');
  });

  it('is not listed when the operator disables it', async () => {
    const client = await connect(['--disable-tools', 'echo_text']);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('echo_text');
  });

  it('honours an operator rate limit', async () => {
    const client = await connect(['--rate-limit', 'echo_text=2/min']);
    for (let i = 0; i < 2; i++) {
      expect((await client.callTool({ name: 'echo_text', arguments: { text: 'x' } })).isError).toBeFalsy();
    }
    const limited = await client.callTool({ name: 'echo_text', arguments: { text: 'x' } });
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toMatch(/Rate limit reached for echo_text: at most 2 call\(s\) per minute/);
  });
});
