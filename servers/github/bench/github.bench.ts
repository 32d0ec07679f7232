/**
 * On demand (`pnpm bench`), never in `npm test`:
 * - tools/list bytes of the default toolsets, against github-mcp-server's default (51.9 KB of input
 *   schemas, from its pkg/github/__toolsnaps__) and the archived reference server (15.9 KB);
 * - result bytes for 30 issues against the raw REST JSON the same request returns, and the size of the
 *   first page of a 300-file pull request diff;
 * - per-call time of list_issues through the MCP host against a bare octokit call to the same fake.
 */
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterAll, bench, describe } from 'vitest';
import { call, connect, FakeGitHub, TOKEN } from '../test/helpers/harness.js';

const fake = await FakeGitHub.start();
const session = await connect(fake);
const octokit = new Octokit({ baseUrl: fake.url, auth: TOKEN });
// The same plugins this server uses, to tell their cost (Bottleneck scheduling) from ours.
const Plugged = Octokit.plugin(retry, throttling);
const plugged = new Plugged({
  baseUrl: fake.url,
  auth: TOKEN,
  throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false }
});

const { tools } = await session.client.listTools();
const listBytes = Buffer.byteLength(JSON.stringify(tools));
const inputOnly = Buffer.byteLength(JSON.stringify(tools.map(({ outputSchema: _o, ...t }) => t)));
const raw = await octokit.request('GET /repos/{owner}/{repo}/issues', {
  owner: 'octo',
  repo: 'app',
  state: 'all',
  per_page: 30
});
const rawBytes = Buffer.byteLength(JSON.stringify(raw.data));
const ours = await call(session, 'list_issues', { owner: 'octo', repo: 'app', state: 'all', limit: 30 });
const oursText = Buffer.byteLength(ours.text);
const oursStructured = Buffer.byteLength(JSON.stringify(ours.structured));
const diff = await call(session, 'get_pull_request_diff', { owner: 'octo', repo: 'app', pullNumber: 51 });
const rawFiles = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
  owner: 'octo',
  repo: 'app',
  pull_number: 51,
  per_page: 100
});

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
console.log(
  [
    `tools/list, default toolsets: ${tools.length} tools, ${kb(listBytes)} with output schemas (${(listBytes / 51_900).toFixed(2)}x github-mcp-server's 51.9 KB, ${(listBytes / 15_900).toFixed(2)}x the reference's 15.9 KB)`,
    `  input side only (what the peers' figures measure): ${kb(inputOnly)} = ${(inputOnly / 51_900).toFixed(2)}x / ${(inputOnly / 15_900).toFixed(2)}x`,
    `30 issues: raw REST JSON ${kb(rawBytes)}; ours text ${kb(oursText)} (${(oursText / rawBytes).toFixed(3)}x) + structured ${kb(oursStructured)} (${(oursStructured / rawBytes).toFixed(3)}x)`,
    `300-file PR diff, first page: ${kb(Buffer.byteLength(diff.text))} text, ${diff.structured.files.length} files shown, ${diff.structured.remainingFiles} files remain (raw files API first page alone: ${kb(Buffer.byteLength(JSON.stringify(rawFiles.data)))})`
  ].join('\n')
);

afterAll(async () => {
  await session.close();
  await fake.close();
});

describe('per-call time, list_issues (30; the first page holds 2 pull requests, so the tool reads a second window) against the same local fake', () => {
  bench(
    'bare octokit request',
    async () => {
      await octokit.request('GET /repos/{owner}/{repo}/issues', { owner: 'octo', repo: 'app', per_page: 30 });
    },
    { iterations: 200, warmupIterations: 20 }
  );
  bench(
    'octokit + retry + throttling plugins',
    async () => {
      await plugged.request('GET /repos/{owner}/{repo}/issues', { owner: 'octo', repo: 'app', per_page: 30 });
    },
    { iterations: 200, warmupIterations: 20 }
  );
  bench(
    'mcp-server-github list_issues (in-memory MCP client)',
    async () => {
      await session.client.callTool({ name: 'list_issues', arguments: { owner: 'octo', repo: 'app', limit: 30 } });
    },
    { iterations: 200, warmupIterations: 20 }
  );
});
