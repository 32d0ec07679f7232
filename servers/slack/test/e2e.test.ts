import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnStdioServer } from '@mcp-catalog/shared/testing';
import { BOT_TOKEN, USER_TOKEN, startFakeSlack, type FakeSlack } from './fake-slack/server.js';
import { seedWorkspace } from './fake-slack/state.js';

const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe.skipIf(!existsSync(bin))('mcp-server-slack over stdio (built bin)', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ seed: seedWorkspace });
  });
  afterAll(async () => fake.close());

  it('reads, posts once, and keeps stdout JSON-RPC only and stderr free of tokens', async () => {
    const server = await spawnStdioServer(process.execPath, [bin, '--post-channels', '#general', '--database', ':memory:'], {
      env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_USER_TOKEN: USER_TOKEN, SLACK_API_URL: fake.url, LOG_LEVEL: 'debug' }
    });
    try {
      const tools = await server.client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('post_message');
      const history = (await server.client.callTool({ name: 'get_channel_history', arguments: { channel: '#general' } })) as { content: { text: string }[] };
      expect(history.content[0]!.text).toContain('@alice: Welcome @bobby');
      for (let i = 0; i < 2; i++) await server.client.callTool({ name: 'post_message', arguments: { channel: 'general', text: 'from e2e' } });
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
      const refused = (await server.client.callTool({ name: 'post_message', arguments: { channel: '#secret', text: 'x' } })) as { isError?: boolean };
      expect(refused.isError).toBe(true);
    } finally {
      await server.close();
    }
    expect(server.stdoutViolations()).toEqual([]);
    expect(server.stderr()).not.toMatch(/xox[bp]-|faketoken/);
  });

  it('fails start-up naming a user token in SLACK_BOT_TOKEN', async () => {
    const started = await spawnStdioServer(process.execPath, [bin], {
      env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: USER_TOKEN, SLACK_API_URL: fake.url }
    }).catch((error: Error) => error);
    expect(started).toBeInstanceOf(Error);
    expect(String((started as Error).message)).toMatch(/SLACK_BOT_TOKEN holds a user token \(xoxp-\)/);
    expect(String((started as Error).message)).not.toContain('faketoken');
  });
});
