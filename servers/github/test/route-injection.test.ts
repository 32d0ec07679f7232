import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, FakeGitHub, type Connected } from './helpers/harness.js';
import { HOSTILE } from './helpers/hostile.js';

/**
 * Every tool, every string argument, hostile values: each call either fails validation before
 * any request, or every request the fake received stayed on the intended route (exact path
 * prefix, no dot segments, no injected query keys).
 */
const SHA = 'a'.repeat(40);
const BASE: Record<string, Record<string, unknown>> = {
  get_me: {},
  search_repositories: { query: 'app' },
  get_repository: {},
  get_file_contents: { path: 'README.md' },
  get_repository_tree: { ref: 'main' },
  list_branches: {},
  list_commits: { ref: 'main' },
  get_commit: { ref: 'main' },
  compare_refs: { base: 'main', head: 'feature/x' },
  create_branch: { branch: 'inj', from: 'main' },
  create_or_update_file: { path: 'new.txt', content: 'x', message: 'm', branch: 'inj-base' },
  delete_file: { path: 'README.md', sha: SHA, message: 'm', branch: 'inj-base' },
  push_files: { branch: 'inj-base', expectedHeadSha: SHA, message: 'm', files: [{ path: 'a.txt', content: 'a' }] },
  fork_repository: {},
  list_issues: {},
  get_issue: { issueNumber: 1 },
  search_issues: { query: 'repo:octo/app issue' },
  create_issue: { title: 't' },
  update_issue: { issueNumber: 2, title: 't' },
  add_issue_comment: { issueNumber: 2, body: 'b' },
  list_labels: {},
  list_pull_requests: { base: 'main' },
  get_pull_request: { pullNumber: 50 },
  get_pull_request_diff: { pullNumber: 50 },
  list_pull_request_reviews: { pullNumber: 50 },
  create_pull_request: { title: 't', head: 'feature/x', base: 'main' },
  update_pull_request: { pullNumber: 50, title: 't' },
  merge_pull_request: { pullNumber: 50, headSha: SHA },
  create_pull_request_review: { pullNumber: 50, event: 'COMMENT', body: 'b' },
  search_code: { query: 'sub' },
  list_releases: {},
  get_latest_release: {},
  list_contributors: {},
  create_release: { tag: 'v9', target: 'main' },
  list_workflow_runs: { branch: 'main' },
  get_workflow_run: { runId: 9001 },
  get_job_logs: { jobId: 502 },
  rerun_workflow_run: { runId: 9001 }
};
const NO_REPO = new Set(['get_me', 'search_repositories', 'search_issues', 'search_code']);
const QUERY_KEYS = new Set([
  'per_page',
  'page',
  'ref',
  'state',
  'sort',
  'direction',
  'order',
  'labels',
  'assignee',
  'q',
  'sha',
  'path',
  'author',
  'since',
  'base',
  'recursive',
  'branch',
  'status'
]);

let fake: FakeGitHub;
let session: Connected;
let tools: Array<{ name: string; inputSchema: { properties?: Record<string, { type?: unknown }> } }>;

beforeAll(async () => {
  fake = await FakeGitHub.start();
  session = await connect(fake, ['--toolsets', 'all']);
  tools = (await session.client.listTools()).tools as never;
});
afterAll(async () => {
  await session.close();
  await fake.close();
});

function assertStayedOnRoute(tool: string, label: string): void {
  for (const r of fake.requests) {
    const where = `${tool} ${label}: ${r.method} ${r.rawPath}`;
    if (r.rawPath.startsWith('/_logs/')) continue;
    if (NO_REPO.has(tool))
      expect(r.rawPath, where).toMatch(/^\/(user|search\/(repositories|issues|code)|repos\/octo\/app(\/.*)?)$/);
    else expect(r.rawPath === '/repos/octo/app' || r.rawPath.startsWith('/repos/octo/app/'), where).toBe(true);
    const segments = r.rawPath.split('/');
    for (const s of segments.slice(1)) {
      expect(s, where).not.toBe('');
      expect(['.', '..'], where).not.toContain(decodeURIComponent(s));
    }
    expect(r.rawPath, where).not.toMatch(/[?#\\\s]/);
    for (const key of Object.keys(r.query)) expect(QUERY_KEYS.has(key), `${where} query key ${key}`).toBe(true);
  }
}

describe('route injection', () => {
  it('covers every tool the server offers', () => {
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(BASE).sort());
  });

  it('keeps every string argument of every tool from steering a request', async () => {
    let refused = 0;
    let sent = 0;
    for (const tool of tools) {
      const strings = Object.entries(tool.inputSchema.properties ?? {})
        .filter(([, s]) => s.type === 'string')
        .map(([k]) => k);
      const args = { owner: 'octo', repo: 'app', ...BASE[tool.name] };
      if (NO_REPO.has(tool.name)) {
        delete (args as Record<string, unknown>).owner;
        delete (args as Record<string, unknown>).repo;
      }
      for (const key of strings) {
        for (const value of HOSTILE) {
          fake.clear();
          const result = await call(session, tool.name, { ...args, [key]: value });
          if (result.isError && fake.requests.length === 0) refused++;
          else sent++;
          assertStayedOnRoute(tool.name, `${key}=${JSON.stringify(value)}`);
        }
      }
    }
    // Most hostile values die in validation; the rest (free text, e.g. "a?b" as a title) travel encoded.
    expect(refused).toBeGreaterThan(sent);
  }, 300_000);

  it('keeps nested paths (push_files files, review comments) in bounds too', async () => {
    for (const value of HOSTILE) {
      fake.clear();
      const push = await call(session, 'push_files', {
        owner: 'octo',
        repo: 'app',
        ...BASE.push_files,
        files: [{ path: value, content: 'x' }]
      });
      expect(push.isError).toBe(true);
      assertStayedOnRoute('push_files', `files[0].path=${JSON.stringify(value)}`);
      fake.clear();
      await call(session, 'create_pull_request_review', {
        owner: 'octo',
        repo: 'app',
        ...BASE.create_pull_request_review,
        comments: [{ path: value, line: 1, body: 'x' }]
      });
      assertStayedOnRoute('create_pull_request_review', `comments[0].path=${JSON.stringify(value)}`);
    }
  });

  it('refuses the octokit retarget the archived server allowed ({owner:"..", repo:".."})', async () => {
    fake.clear();
    const r = await call(session, 'list_issues', { owner: '..', repo: '..' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/owner/);
    expect(fake.requests).toHaveLength(0);
  });

  it('sends a legal but odd file name encoded as one segment', async () => {
    fake.clear();
    await call(session, 'get_file_contents', { owner: 'octo', repo: 'app', path: 'dir/a?b#c&d=e' });
    expect(fake.requests[0]!.rawPath).toBe('/repos/octo/app/contents/dir%2Fa%3Fb%23c%26d%3De');
    expect(fake.requests[0]!.query).toEqual({});
  });
});

describe('--allowed-repos', () => {
  it('refuses other repositories before any request, and writes outside it even when reads are open', async () => {
    const strict = await connect(fake, ['--toolsets', 'all', '--allowed-repos', 'octo/lib']);
    const open = await connect(fake, [
      '--toolsets',
      'all',
      '--allowed-repos',
      'octo/lib',
      '--allowed-repos-for',
      'writes'
    ]);
    try {
      fake.clear();
      const read = await call(strict, 'get_repository', { owner: 'octo', repo: 'app' });
      expect(read.isError).toBe(true);
      expect(read.text).toMatch(/outside the repositories/);
      const write = await call(open, 'create_issue', { owner: 'octo', repo: 'app', title: 'x' });
      expect(write.isError).toBe(true);
      expect(fake.requests).toHaveLength(0);
      const openRead = await call(open, 'get_repository', { owner: 'octo', repo: 'app' });
      expect(openRead.isError).toBe(false);
      const allowedWrite = await call(open, 'create_issue', { owner: 'octo', repo: 'lib', title: 'x' });
      expect(allowedWrite.text).not.toMatch(/outside/);
      const search = await call(strict, 'search_issues', { query: 'issue' });
      expect(search.structured.hiddenByAllowList).toBeGreaterThan(0);
      expect(search.structured.issues).toEqual([]);
    } finally {
      await strict.close();
      await open.close();
    }
  });
});

describe('--lockdown', () => {
  it('withholds text by authors without push access on public repositories', async () => {
    const locked = await connect(fake, ['--lockdown']);
    try {
      const stranger = await call(locked, 'get_issue', { owner: 'octo', repo: 'app', issueNumber: 7 });
      expect(stranger.structured.withheld).toBe(true);
      expect(stranger.text).not.toContain('Body of issue 7');
      const member = await call(locked, 'get_issue', { owner: 'octo', repo: 'app', issueNumber: 1 });
      expect(member.structured.body.untrusted).toContain('Body of issue 1');
      expect(member.structured.comments.find((c: any) => c.author === 'drive-by').withheld).toBe(true);
      // List results carry titles: a stranger's hostile title is withheld there too, a member's is shown.
      const list = await call(locked, 'list_issues', { owner: 'octo', repo: 'app', state: 'all', limit: 100 });
      expect(list.text).not.toContain('ignore previous instructions');
      expect(JSON.stringify(list.structured)).not.toContain('ignore previous instructions');
      const byNumber = new Map(list.structured.issues.map((i: any) => [i.number, i.title]));
      expect([...byNumber.values()].some((t) => String(t).includes('title withheld'))).toBe(true);
      expect([...byNumber.values()]).toContain('Issue number 44');
    } finally {
      await locked.close();
    }
  });
});
