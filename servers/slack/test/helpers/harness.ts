import { connectManifest, type ClientOptions } from '@mcp-catalog/shared/testing';
import { manifest } from '../../src/manifest.js';
import type { Deps } from '../../src/deps.js';
import { BOT_TOKEN, USER_TOKEN, startFakeSlack, type FakeSlack } from '../fake-slack/server.js';
import { seedWorkspace, type FakeState } from '../fake-slack/state.js';

export interface Harness {
  fake: FakeSlack;
  client: Awaited<ReturnType<typeof connectManifest>>['client'];
  deps: Deps;
  call(name: string, args?: Record<string, unknown>): Promise<{ isError?: boolean; text: string; structured: any }>;
  close(): Promise<void>;
}

/** The real settings parsing and host over an in-memory client, against a fresh fake workspace. */
export async function harness(
  argv: string[] = ['--post-channels', '#general,C0RANDOM'],
  { env = {}, seed, client }: { env?: Record<string, string>; seed?: (s: FakeState) => void; client?: ClientOptions } = {}
): Promise<Harness> {
  const fake = await startFakeSlack({ seed: (s) => { seedWorkspace(s); seed?.(s); } });
  const connected = await connectManifest(manifest, {
    argv: ['--database', ':memory:', ...argv],
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_USER_TOKEN: USER_TOKEN, SLACK_API_URL: fake.url, ...env },
    ...(client ? { client } : {})
  });
  const deps = connected.deps as Deps;
  // Let the start-up work (names, policy, auth.test) finish so call logs hold only what a test does.
  await deps.policy().catch(() => undefined);
  await deps.directory.allUsers().catch(() => undefined);
  await new Promise((r) => setTimeout(r, 50));
  fake.clearCalls();
  return {
    fake,
    client: connected.client,
    deps,
    async call(name, args = {}) {
      const result = (await connected.client.callTool({ name, arguments: args })) as {
        isError?: boolean; content: { type: string; text?: string }[]; structuredContent?: unknown;
      };
      return {
        isError: result.isError,
        text: result.content.filter((c) => c.type === 'text').map((c) => c.text).join('\n'),
        structured: result.structuredContent
      };
    },
    async close() {
      await connected.close();
      await fake.close();
    }
  };
}
