import { fileURLToPath } from 'node:url';
import { spawnStdioServer } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, TOKEN } from './fake-github/server.js';

// End-to-end: the built bin, as a host starts it, talking to the fake GitHub over loopback.
const bin = fileURLToPath(new URL('../dist/index.js', import.meta.url));
let fake: FakeGitHub;

beforeAll(async () => {
  fake = await FakeGitHub.start();
});
afterAll(async () => {
  await fake.close();
});

describe('built bin over stdio', () => {
  it('lists tools, reads issues and a paged diff, keeps stdout clean and the token out of stderr', async () => {
    const server = await spawnStdioServer(process.execPath, [bin], {
      env: { GITHUB_API_URL: fake.url, GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN, LOG_LEVEL: 'debug' }
    });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.map((t) => t.name)).toContain('list_issues');
      const issues = await server.client.callTool({
        name: 'list_issues',
        arguments: { owner: 'octo', repo: 'app', limit: 5 }
      });
      expect((issues.structuredContent as { issues: unknown[] }).issues).toHaveLength(5);
      const diff = await server.client.callTool({
        name: 'get_pull_request_diff',
        arguments: { owner: 'octo', repo: 'app', pullNumber: 51, maxBytes: 3000 }
      });
      expect(diff.structuredContent).toMatchObject({ source: 'files', totalFiles: 300 });
      const bad = await server.client.callTool({ name: 'get_repository', arguments: { owner: '..', repo: '..' } });
      expect(bad.isError).toBe(true);
    } finally {
      await server.close();
    }
    expect(server.stdoutViolations()).toEqual([]);
    expect(server.stderr()).toContain('"msg":"tool call"');
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it('refuses a plain-http API URL that is not loopback at start-up', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [bin], {
      encoding: 'utf8',
      input: '',
      env: { ...process.env, GITHUB_API_URL: 'http://api.example.test', GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN },
      timeout: 20_000
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/loopback/);
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stdout).toBe('');
  });
});
