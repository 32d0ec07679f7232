import { connectManifest } from '@mcp-catalog/shared/testing';
import { createDeps } from '../../src/deps.js';
import { manifest } from '../../src/manifest.js';
import { FakeGitHub, TOKEN } from '../fake-github/server.js';

export { FakeGitHub, TOKEN };

/** The server through the real settings parsing and host, pointed at the fake, GitHub's write/search spacing off. */
export async function connect(fake: FakeGitHub, argv: string[] = [], env: Record<string, string> = {}) {
  return connectManifest(manifest, {
    argv,
    env: { GITHUB_API_URL: fake.url, GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN, ...env },
    createDeps: (config) => createDeps(config, { writeSpacingMs: 0, searchSpacingMs: 0 })
  });
}

export type Connected = Awaited<ReturnType<typeof connect>>;

/** Calls a tool and returns its text, structured content and error flag. */
export async function call(session: Connected, name: string, args: Record<string, unknown> = {}) {
  const result = await session.client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ type: string; text?: string }>)
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
  return {
    text,
    structured: result.structuredContent as any,
    isError: !!result.isError,
    content: result.content as any[]
  };
}
