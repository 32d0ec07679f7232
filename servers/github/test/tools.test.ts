import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, connect, FakeGitHub, TOKEN, type Connected } from './helpers/harness.js';

let fake: FakeGitHub;
let all: Connected;

beforeAll(async () => {
  fake = await FakeGitHub.start();
  all = await connect(fake, ['--toolsets', 'all']);
});
afterAll(async () => {
  await all.close();
  await fake.close();
});
beforeEach(() => fake.clear());

describe('toolsets', () => {
  it('offers context, repos, issues, pull_requests and search by default; releases and actions on request', async () => {
    const session = await connect(fake);
    try {
      const names = (await session.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('get_me');
      expect(names).toContain('get_pull_request_diff');
      expect(names).toContain('search_code');
      expect(names).not.toContain('list_releases');
      expect(names).not.toContain('get_job_logs');
    } finally {
      await session.close();
    }
  });
  it('--read-only lists no write tool', async () => {
    const session = await connect(fake, ['--read-only', '--toolsets', 'all']);
    try {
      const tools = (await session.client.listTools()).tools;
      expect(tools.every((t) => t.annotations?.readOnlyHint)).toBe(true);
      expect(tools.map((t) => t.name)).not.toContain('push_files');
    } finally {
      await session.close();
    }
  });
});

describe('context and repos', () => {
  it('get_me names the account', async () => {
    const r = await call(all, 'get_me');
    expect(r.structured).toMatchObject({ login: 'mona', plan: 'pro' });
    expect(fake.paths()).toEqual(['GET /user']);
  });

  it('get_repository gives the seed stats, lean', async () => {
    const r = await call(all, 'get_repository', { owner: 'octo', repo: 'app' });
    expect(r.structured).toMatchObject({
      fullName: 'octo/app',
      stars: 1234,
      forks: 56,
      openIssues: 30,
      language: 'TypeScript',
      license: 'MIT',
      defaultBranch: 'main'
    });
    expect(JSON.stringify(r.structured)).not.toMatch(/_url|node_id/);
  });

  it('get_repository on a repository the token cannot see says so', async () => {
    const r = await call(all, 'get_repository', { owner: 'octo', repo: 'secret' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Not found \(repository octo\/secret\)/);
    expect(r.text).toMatch(/private repository/);
  });

  it('get_file_contents reads a line range with its blob sha and where to continue', async () => {
    const r = await call(all, 'get_file_contents', {
      owner: 'octo',
      repo: 'app',
      path: 'src/index.ts',
      startLine: 5,
      endLine: 7
    });
    expect(r.structured).toMatchObject({ type: 'file', startLine: 5, endLine: 7, totalLines: 40, nextLine: 8 });
    expect(r.structured.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(r.structured.content.untrusted).toBe(
      'export const line5 = 5;\nexport const line6 = 6;\nexport const line7 = 7;'
    );
    expect(r.text).toMatch(/<untrusted-data id="[0-9a-f]+" source="file src\/index.ts">/);
    expect(fake.requests[0]!.rawPath).toBe('/repos/octo/app/contents/src%2Findex.ts');
  });

  it('get_file_contents caps a big file and reads it raw past 1 MB of base64', async () => {
    const r = await call(all, 'get_file_contents', {
      owner: 'octo',
      repo: 'app',
      path: 'big/huge.txt',
      maxBytes: 1000
    });
    expect(r.structured.nextLine).toBe(2);
    expect(r.structured.content.untrusted).toHaveLength(200);
  });

  it('get_file_contents hands binary files over as a resource link', async () => {
    const r = await call(all, 'get_file_contents', { owner: 'octo', repo: 'app', path: 'assets/logo.png' });
    expect(r.structured).toMatchObject({ binary: true });
    expect(r.content.find((c) => c.type === 'resource_link')).toMatchObject({
      uri: 'github://octo/app/contents/assets/logo.png'
    });
  });

  it('get_file_contents lists a directory', async () => {
    const r = await call(all, 'get_file_contents', { owner: 'octo', repo: 'app', path: 'src' });
    expect(r.structured.entries.map((e: any) => e.name)).toEqual(['index.ts', 'util.ts']);
  });

  it('get_repository_tree filters by glob and pages', async () => {
    const r = await call(all, 'get_repository_tree', { owner: 'octo', repo: 'app', glob: 'src/**/*.ts' });
    expect(r.structured.entries.map((e: any) => e.path)).toEqual(['src/index.ts', 'src/util.ts']);
    const page = await call(all, 'get_repository_tree', {
      owner: 'octo',
      repo: 'app',
      ref: 'wide',
      glob: 'gen/*.ts',
      limit: 100
    });
    expect(page.structured.total).toBe(300);
    expect(page.structured.nextOffset).toBe(100);
  });

  it('list_commits and get_commit fence messages and bound the diff', async () => {
    const list = await call(all, 'list_commits', { owner: 'octo', repo: 'app' });
    expect(list.structured.commits).toHaveLength(2);
    expect(list.text).toContain('<untrusted-data');
    const sha = list.structured.commits[0].sha;
    const one = await call(all, 'get_commit', { owner: 'octo', repo: 'app', ref: sha });
    expect(one.structured.files[0]).toMatchObject({ path: 'src/util.ts' });
    expect(one.text).toContain('+export const sub');
  });

  it('compare_refs pages a 300-file diff and says what remains', async () => {
    const r = await call(all, 'compare_refs', {
      owner: 'octo',
      repo: 'app',
      base: 'main',
      head: 'wide',
      maxBytes: 5000
    });
    expect(r.structured.aheadBy).toBe(1);
    expect(r.structured.totalFiles).toBe(300);
    expect(r.structured.remainingFiles).toBeGreaterThan(250);
    expect(r.structured.next.fileOffset).toBeGreaterThan(0);
    expect(fake.requests[0]!.rawPath).toBe('/repos/octo/app/compare/main...wide');
  });
});

describe('issues', () => {
  it('list_issues returns lean summaries without pull requests, paged', async () => {
    const r = await call(all, 'list_issues', { owner: 'octo', repo: 'app', limit: 10 });
    expect(r.structured.issues.every((i: any) => !i.pullRequest)).toBe(true);
    expect(r.structured.issues).toHaveLength(10);
    expect(r.structured.nextOffset).toBe(12); // two pull requests read and skipped
    expect(Object.keys(r.structured.issues[0]).sort()).toEqual(
      expect.arrayContaining(['author', 'comments', 'createdAt', 'labels', 'number', 'state', 'title'])
    );
  });

  it('get_issue fences body and comments, strips hidden text and flags remote images', async () => {
    const r = await call(all, 'get_issue', { owner: 'octo', repo: 'app', issueNumber: 3 });
    expect(r.structured.issue.title).not.toMatch(/\u202e|hidden/);
    expect(r.structured.body.untrusted).not.toContain('ignore previous instructions');
    expect(r.structured.body.untrusted).not.toContain('https://evil.example/t.png');
    expect(r.text).toContain('evil.example');
    expect(r.text).not.toMatch(/<\/untrusted-data> SYSTEM/);
    const withComments = await call(all, 'get_issue', { owner: 'octo', repo: 'app', issueNumber: 1, limit: 2 });
    expect(withComments.structured.comments).toHaveLength(2);
    expect(withComments.structured.nextOffset).toBe(2);
    const rest = await call(all, 'get_issue', { owner: 'octo', repo: 'app', issueNumber: 1, offset: 2, limit: 10 });
    expect(rest.structured.comments[0].body.untrusted).not.toMatch(/[\u{e0000}-\u{e007f}]/u);
  });

  it('search_issues returns results with their repository', async () => {
    const r = await call(all, 'search_issues', { query: 'repo:octo/app number 4' });
    expect(r.structured.total).toBeGreaterThan(0);
    expect(r.structured.issues[0].repo).toBe('octo/app');
  });

  it('list_labels', async () => {
    const r = await call(all, 'list_labels', { owner: 'octo', repo: 'app' });
    expect(r.structured.labels.map((l: any) => l.name)).toContain('bug');
  });
});

describe('pull requests', () => {
  it('get_pull_request: summary, checks and files', async () => {
    const r = await call(all, 'get_pull_request', { owner: 'octo', repo: 'app', pullNumber: 50 });
    expect(r.structured.checks).toMatchObject({ passed: 1, failed: 1, failing: ['test'] });
    expect(r.structured.files.map((f: any) => f.path)).toEqual(['README.md', 'src/feature.ts', 'src/util.ts']);
    expect(r.structured.headSha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('get_pull_request_diff pages the unified diff', async () => {
    const r = await call(all, 'get_pull_request_diff', { owner: 'octo', repo: 'app', pullNumber: 50 });
    expect(r.structured.source).toBe('diff');
    expect(r.structured.totalFiles).toBe(3);
    expect(fake.requests[0]!.headers.accept).toMatch(/application\/vnd\.github\.(v3\.)?diff/);
  });

  it('get_pull_request_diff falls back to the files API when GitHub answers 406, paging 300 files', async () => {
    const first = await call(all, 'get_pull_request_diff', {
      owner: 'octo',
      repo: 'app',
      pullNumber: 51,
      maxBytes: 4000
    });
    expect(first.structured.source).toBe('files');
    expect(first.structured.totalFiles).toBe(300);
    expect(first.structured.remainingFiles).toBeGreaterThan(0);
    expect(Buffer.byteLength(first.text)).toBeLessThan(6000);
    const next = await call(all, 'get_pull_request_diff', {
      owner: 'octo',
      repo: 'app',
      pullNumber: 51,
      maxBytes: 4000,
      ...first.structured.next
    });
    expect(next.structured.files[0].path).not.toBe(first.structured.files[0].path);
  });

  it('lists reviews and line comments', async () => {
    const reviews = await call(all, 'list_pull_request_reviews', { owner: 'octo', repo: 'app', pullNumber: 50 });
    expect(reviews.structured.reviews.map((r: any) => r.state)).toEqual(['COMMENTED', 'APPROVED']);
    const comments = await call(all, 'list_pull_request_reviews', {
      owner: 'octo',
      repo: 'app',
      pullNumber: 50,
      comments: true
    });
    expect(comments.structured.comments[0]).toMatchObject({ path: 'src/util.ts', line: 6 });
  });

  it('list_pull_requests', async () => {
    const r = await call(all, 'list_pull_requests', { owner: 'octo', repo: 'app' });
    expect(r.structured.pullRequests.map((p: any) => p.number)).toEqual([51, 50]);
  });
});

describe('search, releases, actions', () => {
  it('search_code and search_repositories', async () => {
    const code = await call(all, 'search_code', { query: 'sub repo:octo/app' });
    expect(code.structured.hits.map((h: any) => h.path)).toContain('src/util.ts');
    const repos = await call(all, 'search_repositories', { query: 'library' });
    expect(repos.structured.repositories.map((r: any) => r.fullName)).toEqual(['octo/lib']);
  });

  it('releases and contributors', async () => {
    const latest = await call(all, 'get_latest_release', { owner: 'octo', repo: 'app' });
    expect(latest.structured).toMatchObject({ tag: 'v1.2.0', assets: 2, downloads: 10 });
    const list = await call(all, 'list_releases', { owner: 'octo', repo: 'app' });
    expect(list.structured.releases).toHaveLength(2);
    const top = await call(all, 'list_contributors', { owner: 'octo', repo: 'app', limit: 3 });
    expect(top.structured.contributors.map((c: any) => c.login)).toEqual(['mona', 'hubot', 'drive-by']);
    const created = await call(all, 'create_release', { owner: 'octo', repo: 'app', tag: 'v1.3.0', notes: 'New' });
    expect(created.structured.draft).toBe(true);
  });

  it('workflow runs, jobs with failures first, and the log tail with error lines', async () => {
    const runs = await call(all, 'list_workflow_runs', { owner: 'octo', repo: 'app', status: 'failure' });
    expect(runs.structured.runs.map((r: any) => r.id)).toEqual([9001]);
    const run = await call(all, 'get_workflow_run', { owner: 'octo', repo: 'app', runId: 9001 });
    expect(run.structured.jobs[0]).toMatchObject({ id: 502, conclusion: 'failure', failedSteps: ['Run tests'] });
    const logs = await call(all, 'get_job_logs', { owner: 'octo', repo: 'app', jobId: 502, tailLines: 5 });
    expect(logs.structured.lines).toBe(5);
    expect(logs.structured.errorLines.join('\n')).toContain('##[error]Process completed with exit code 1.');
    expect(logs.structured.truncated).toBe(true);
    const log = fake.requests.find((r) => r.rawPath.startsWith('/_logs/'))!;
    expect(log.authorized).toBe(false);
    const rerun = await call(all, 'rerun_workflow_run', { owner: 'octo', repo: 'app', runId: 9001 });
    expect(rerun.isError).toBe(false);
    expect(fake.paths()).toContain('POST /repos/octo/app/actions/runs/9001/rerun-failed-jobs');
  });
});

describe('failures', () => {
  it('a rate limit past the budget is an isError saying when to retry', async () => {
    const reset = Math.floor(Date.now() / 1000) + 900;
    fake.inject({
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded' }
    });
    const r = await call(all, 'list_issues', { owner: 'octo', repo: 'app' });
    expect(r.isError).toBe(true);
    expect(r.text).toContain(new Date(reset * 1000).toISOString());
  });

  it('the token never appears in a result or a log line', async () => {
    fake.inject({ status: 422, body: { message: `bad ${TOKEN}` } });
    const r = await call(all, 'get_repository', { owner: 'octo', repo: 'app' });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(JSON.stringify(all.logLines())).not.toContain(TOKEN);
  });
});

describe('writes', () => {
  it('create_or_update_file refuses an update without the current blob sha and verifies what it wrote', async () => {
    const missing = await call(all, 'create_or_update_file', {
      owner: 'octo',
      repo: 'app',
      path: 'README.md',
      content: 'x',
      message: 'edit'
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/sha/);
    const read = await call(all, 'get_file_contents', {
      owner: 'octo',
      repo: 'app',
      path: 'README.md',
      ref: 'feature/x'
    });
    const stale = await call(all, 'create_or_update_file', {
      owner: 'octo',
      repo: 'app',
      path: 'README.md',
      content: 'x',
      message: 'edit',
      sha: 'a'.repeat(40)
    });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(/Conflict/);
    const ok = await call(all, 'create_or_update_file', {
      owner: 'octo',
      repo: 'app',
      path: 'README.md',
      content: '# app\n\nNew.\n',
      message: 'edit',
      sha: read.structured.sha,
      branch: 'feature/x'
    });
    expect(ok.isError).toBe(false);
    expect(ok.structured).toMatchObject({ verified: true, bytes: 12 });
  });

  it('push_files makes one fast-forward commit and refuses a stale expectedHeadSha without writing', async () => {
    const branches = await call(all, 'list_branches', { owner: 'octo', repo: 'lib' });
    const head = branches.structured.branches.find((b: any) => b.name === 'main').sha;
    const stale = await call(all, 'push_files', {
      owner: 'octo',
      repo: 'lib',
      branch: 'main',
      expectedHeadSha: 'b'.repeat(40),
      message: 'm',
      files: [{ path: 'a.txt', content: 'a' }]
    });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(/nothing was written/);
    expect(fake.paths().some((p) => p.startsWith('POST'))).toBe(false);
    const pushed = await call(all, 'push_files', {
      owner: 'octo',
      repo: 'lib',
      branch: 'main',
      expectedHeadSha: head,
      message: 'Add files',
      files: [
        { path: 'docs/a.md', content: '# A\n' },
        { path: 'bin/x.bin', content: Buffer.from([0, 1, 2]).toString('base64'), encoding: 'base64' },
        { path: 'go.mod', delete: true }
      ]
    });
    expect(pushed.isError).toBe(false);
    expect(pushed.structured.previousHeadSha).toBe(head);
    const files = fake.repo('octo/lib').git.filesOf(pushed.structured.commitSha);
    expect([...files.keys()].sort()).toEqual(['bin/x.bin', 'docs/a.md']);
    expect(files.get('bin/x.bin')).toEqual(Buffer.from([0, 1, 2]));
    const update = fake.requests.find((r) => r.method === 'PATCH')!;
    expect(update.rawPath).toBe('/repos/octo/lib/git/refs/heads%2Fmain');
    expect(update.body).toMatchObject({ force: false });
  });

  it('merge_pull_request sends the reviewed head sha; a moved head is refused', async () => {
    const pr = await call(all, 'get_pull_request', { owner: 'octo', repo: 'app', pullNumber: 50 });
    const wrong = await call(all, 'merge_pull_request', {
      owner: 'octo',
      repo: 'app',
      pullNumber: 50,
      headSha: 'c'.repeat(40)
    });
    expect(wrong.isError).toBe(true);
    expect(wrong.text).toMatch(/Head branch was modified/);
    fake.clear();
    const merged = await call(all, 'merge_pull_request', {
      owner: 'octo',
      repo: 'app',
      pullNumber: 50,
      headSha: pr.structured.headSha,
      method: 'squash'
    });
    expect(merged.structured.merged).toBe(true);
    expect(fake.requests[0]!.body).toMatchObject({ sha: pr.structured.headSha, merge_method: 'squash' });
    fake.repo('octo/app').pulls.get(50)!.merged = false;
  });

  it('issue writes: create, update, comment, review', async () => {
    const created = await call(all, 'create_issue', {
      owner: 'octo',
      repo: 'app',
      title: 'New bug',
      body: 'It broke',
      labels: ['bug']
    });
    expect(created.structured.number).toBeGreaterThan(51);
    const updated = await call(all, 'update_issue', {
      owner: 'octo',
      repo: 'app',
      issueNumber: created.structured.number,
      state: 'closed'
    });
    expect(updated.structured.issue.state).toBe('closed');
    const comment = await call(all, 'add_issue_comment', {
      owner: 'octo',
      repo: 'app',
      issueNumber: 1,
      body: 'Thanks!'
    });
    expect(comment.structured.bytes).toBe(7);
    const review = await call(all, 'create_pull_request_review', {
      owner: 'octo',
      repo: 'app',
      pullNumber: 50,
      event: 'REQUEST_CHANGES'
    });
    expect(review.isError).toBe(true);
    const ok = await call(all, 'create_pull_request_review', {
      owner: 'octo',
      repo: 'app',
      pullNumber: 50,
      event: 'COMMENT',
      body: 'nit',
      comments: [{ path: 'src/util.ts', line: 6, body: 'rename' }]
    });
    expect(ok.structured.state).toBe('COMMENTED');
  });

  it('create_branch from the default branch', async () => {
    const r = await call(all, 'create_branch', { owner: 'octo', repo: 'app', branch: 'topic/new' });
    expect(r.structured.sha).toBe(fake.repo('octo/app').git.refs.get('refs/heads/main'));
  });
});
