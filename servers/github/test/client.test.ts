import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GitHubClient, pagePlan, resolveBaseUrl } from '../src/github/client.js';
import { GitHubError } from '../src/github/errors.js';
import { ROUTES } from '../src/github/routes.js';
import { FakeGitHub, TOKEN } from './fake-github/server.js';

let fake: FakeGitHub;
const client = (overrides: Partial<ConstructorParameters<typeof GitHubClient>[0]> = {}) =>
  new GitHubClient({
    baseUrl: fake.url,
    token: TOKEN,
    rateLimitWaitSeconds: 20,
    writeSpacingMs: 0,
    searchSpacingMs: 0,
    ...overrides
  });

beforeAll(async () => {
  fake = await FakeGitHub.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.clear());

async function failure(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GitHubError);
    return error as GitHubError;
  }
  throw new Error('expected a failure');
}

describe('resolveBaseUrl', () => {
  it('defaults to api.github.com and maps GHES and ghe.com hosts', () => {
    expect(resolveBaseUrl({})).toBe('https://api.github.com');
    expect(resolveBaseUrl({ host: 'github.com' })).toBe('https://api.github.com');
    expect(resolveBaseUrl({ host: 'github.example.com' })).toBe('https://github.example.com/api/v3');
    expect(resolveBaseUrl({ host: 'https://github.example.com' })).toBe('https://github.example.com/api/v3');
    expect(resolveBaseUrl({ host: 'octocorp.ghe.com' })).toBe('https://api.octocorp.ghe.com');
  });
  it('takes GITHUB_API_URL over https, or http on loopback only', () => {
    expect(resolveBaseUrl({ apiUrl: 'https://proxy.example/api/' })).toBe('https://proxy.example/api');
    expect(resolveBaseUrl({ apiUrl: 'http://127.0.0.1:9999' })).toBe('http://127.0.0.1:9999');
    expect(resolveBaseUrl({ apiUrl: 'http://[::1]:9999' })).toBe('http://[::1]:9999');
    expect(() => resolveBaseUrl({ apiUrl: 'http://api.example' })).toThrow(/http only on loopback/);
    expect(() => resolveBaseUrl({ apiUrl: 'http://10.0.0.1' })).toThrow(/loopback/);
    expect(() => resolveBaseUrl({ apiUrl: 'https://u:p@api.example' })).toThrow(/credentials/);
    expect(() => resolveBaseUrl({ apiUrl: 'ftp://api.example' })).toThrow(/https/);
    expect(() => resolveBaseUrl({ host: 'http://github.example.com' })).toThrow(/https/);
    expect(() => resolveBaseUrl({ host: 'github.example.com/evil' })).toThrow(/bare host/);
  });
});

describe('pagePlan', () => {
  it('lines pages up with the window in one request when it can', () => {
    expect(pagePlan(0, 30)).toEqual({ perPage: 30, pages: [1] });
    expect(pagePlan(30, 30)).toEqual({ perPage: 30, pages: [2] });
    expect(pagePlan(10, 30)).toEqual({ perPage: 40, pages: [1] });
    expect(pagePlan(95, 10)).toEqual({ perPage: 15, pages: [7] });
  });
  it('falls back to two pages, never more', () => {
    const plan = pagePlan(150, 100);
    expect(plan.pages.length).toBeLessThanOrEqual(2);
    expect((plan.pages[0]! - 1) * plan.perPage).toBeLessThanOrEqual(150);
    expect(plan.pages.at(-1)! * plan.perPage).toBeGreaterThanOrEqual(250);
  });
});

describe('GitHubClient', () => {
  it('sends the token and GitHub headers, and pages through Link-header lists by offset', async () => {
    const gh = client().call();
    const first = await gh.page<{ number: number }>(
      ROUTES.issues,
      { owner: 'octo', repo: 'app', state: 'all' },
      { offset: 0, limit: 10 }
    );
    expect(first.items.map((i) => i.number)).toEqual([51, 50, 45, 44, 43, 42, 41, 40, 39, 38]);
    expect(first.hasMore).toBe(true);
    const middle = await gh.page<{ number: number }>(
      ROUTES.issues,
      { owner: 'octo', repo: 'app', state: 'all' },
      { offset: 13, limit: 5 }
    );
    expect(middle.items.map((i) => i.number)).toEqual([34, 33, 32, 31, 30]);
    const last = await gh.page<{ number: number }>(
      ROUTES.issues,
      { owner: 'octo', repo: 'app', state: 'all' },
      { offset: 40, limit: 30 }
    );
    expect(last.items.map((i) => i.number)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(last.hasMore).toBe(false);
    expect(fake.requests.every((r) => r.authorized)).toBe(true);
    expect(fake.requests[0]!.headers['x-github-api-version'] ?? fake.requests[0]!.headers.accept).toBeDefined();
    expect(fake.requests[0]!.query).toMatchObject({ state: 'all', per_page: '10', page: '1' });
  });

  it('reads search totals from total_count', async () => {
    const gh = client().call();
    const page = await gh.page(
      ROUTES.searchIssues,
      { q: 'repo:octo/app issue' },
      { offset: 0, limit: 5 },
      {
        pick: (d) => ({ items: (d as { items: unknown[] }).items, total: (d as { total_count: number }).total_count })
      }
    );
    expect(page.total).toBeGreaterThan(5);
    expect(page.hasMore).toBe(true);
  });

  it('retries a 5xx and succeeds', async () => {
    fake.inject({ path: '/repos/octo/app', status: 502, times: 1 });
    const repo = await client().call().data<{ full_name: string }>(ROUTES.repo, { owner: 'octo', repo: 'app' });
    expect(repo.full_name).toBe('octo/app');
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up on 5xx retries that would not fit the budget', async () => {
    fake.inject({ path: '/repos/octo/app', status: 503, times: 10 });
    const started = Date.now();
    const error = await failure(
      client({ rateLimitWaitSeconds: 1 })
        .call()
        .data(ROUTES.repo, { owner: 'octo', repo: 'app' }, { target: 'octo/app' })
    );
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('503');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(fake.requests.length).toBeLessThanOrEqual(2);
  });

  it('waits out a short secondary rate limit (Retry-After) within the budget, then succeeds', async () => {
    fake.inject({
      path: '/repos/octo/app',
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }
    });
    const repo = await client().call().data<{ name: string }>(ROUTES.repo, { owner: 'octo', repo: 'app' });
    expect(repo.name).toBe('app');
    expect(fake.requests).toHaveLength(2);
  });

  it('fails at once with the reset time when a primary limit outlasts the budget', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800;
    fake.inject({
      path: '/repos/octo/app',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded for user ID 583231.' }
    });
    const started = Date.now();
    const error = await failure(
      client().call().data(ROUTES.repo, { owner: 'octo', repo: 'app' }, { target: 'octo/app' })
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAt?.getTime()).toBe(reset * 1000);
    expect(error.message).toContain(new Date(reset * 1000).toISOString());
    expect(fake.requests).toHaveLength(1);
  });

  it('fails with the Retry-After time when a secondary limit outlasts the budget', async () => {
    fake.inject({
      path: '/repos/octo/app',
      status: 429,
      headers: { 'retry-after': '120' },
      body: { message: 'You have exceeded a secondary rate limit.' }
    });
    const error = await failure(
      client({ rateLimitWaitSeconds: 5 }).call().data(ROUTES.repo, { owner: 'octo', repo: 'app' })
    );
    expect(error.kind).toBe('rate_limited');
    expect(error.hint).toMatch(/secondary/);
    expect(error.retryAt!.getTime() - Date.now()).toBeGreaterThan(100_000);
  });

  it('shares one budget across the requests of a call', async () => {
    const limited = {
      path: '/repos/octo/app',
      status: 403,
      headers: { 'retry-after': '1' },
      body: { message: 'secondary rate limit' }
    };
    fake.inject(limited);
    const gh = client({ rateLimitWaitSeconds: 1.5 }).call();
    await gh.data(ROUTES.repo, { owner: 'octo', repo: 'app' }); // waits ~1 s of the 1.5 s
    fake.inject(limited);
    const error = await failure(gh.data(ROUTES.repo, { owner: 'octo', repo: 'app' }));
    expect(error.kind).toBe('rate_limited');
  });

  it('maps 401, 404, 409, 422, 406 and a missing scope to actionable text', async () => {
    const gh = client().call();
    expect(
      (
        await failure(
          new GitHubClient({ baseUrl: fake.url, token: 'ghp_wrongwrongwrongwrongwrong123', rateLimitWaitSeconds: 1 })
            .call()
            .data(ROUTES.me, {})
        )
      ).message
    ).toMatch(/Bad credentials/);
    const missing = await failure(
      gh.data(ROUTES.repo, { owner: 'octo', repo: 'secret' }, { target: 'repository octo/secret' })
    );
    expect(missing.kind).toBe('not_found');
    expect(missing.hint).toMatch(/private repository/);
    fake.inject({ status: 409, body: { message: 'Git Repository is empty.' } });
    expect((await failure(gh.data(ROUTES.repo, { owner: 'octo', repo: 'app' }))).kind).toBe('conflict');
    fake.inject({
      status: 422,
      body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] }
    });
    expect((await failure(gh.data(ROUTES.repo, { owner: 'octo', repo: 'app' }))).message).toMatch(
      /title missing_field/
    );
    const tooLarge = await failure(
      gh.request(ROUTES.pull, { owner: 'octo', repo: 'app', pullNumber: 51 }, { format: 'diff' })
    );
    expect(tooLarge.kind).toBe('diff_too_large');
    fake.inject({
      status: 403,
      headers: { 'x-accepted-oauth-scopes': 'workflow', 'x-oauth-scopes': 'repo' },
      body: { message: 'Resource not accessible by integration' }
    });
    const scope = await failure(gh.data(ROUTES.repo, { owner: 'octo', repo: 'app' }));
    expect(scope.kind).toBe('missing_scope');
    expect(scope.message).toContain('"workflow"');
  });

  it('never puts the token in an error, even when GitHub echoes it', async () => {
    fake.inject({ status: 422, body: { message: `token ${TOKEN} is odd`, errors: [{ message: `again ${TOKEN}` }] } });
    const error = await failure(client().call().data(ROUTES.repo, { owner: 'octo', repo: 'app' }));
    expect(JSON.stringify({ m: error.message, h: error.hint, s: error.stack })).not.toContain(TOKEN);
    expect(error.message).toContain('[REDACTED]');
  });

  it('follows a redirect on the API origin and refuses one to another host', async () => {
    fake.inject({ path: '/repos/octo/old', status: 301, headers: { location: `${fake.url}/repos/octo/app` } });
    const repo = await client().call().data<{ name: string }>(ROUTES.repo, { owner: 'octo', repo: 'old' });
    expect(repo.name).toBe('app');
    // 127.0.0.2 is another origin; the fake never gets a connection there because nothing follows it.
    fake.inject({ path: '/repos/octo/app', status: 302, headers: { location: 'http://127.0.0.2:9/steal' } });
    const error = await failure(client().call().data(ROUTES.repo, { owner: 'octo', repo: 'app' }));
    expect(error.kind).toBe('redirect_refused');
  });

  it('refuses request-option keys as route parameters', async () => {
    await expect(
      client().call().data(ROUTES.repo, { owner: 'octo', repo: 'app', baseUrl: 'https://evil.example' })
    ).rejects.toThrow(/reserved/);
    await expect(
      client().call().data(ROUTES.repo, { owner: 'octo', repo: 'app', url: 'https://evil.example' })
    ).rejects.toThrow(/reserved/);
    expect(fake.requests).toHaveLength(0);
  });

  it('honours the AbortSignal', async () => {
    const controller = new AbortController();
    fake.inject({ path: '/repos/octo/app', status: 503, times: 5 });
    const pending = client().call(controller.signal).data(ROUTES.repo, { owner: 'octo', repo: 'app' });
    setTimeout(() => controller.abort(), 200);
    expect((await failure(pending)).kind).toBe('cancelled');
  });

  it('caps concurrent requests per token', async () => {
    const gh = client({ maxConcurrency: 2 });
    const calls = Array.from({ length: 6 }, () => gh.call().data(ROUTES.repo, { owner: 'octo', repo: 'app' }));
    await Promise.all(calls);
    expect(fake.requests).toHaveLength(6);
  });

  it('downloads a job log through the 302 without sending the token there, keeping the tail', async () => {
    const log = await client().call().download(ROUTES.jobLogs, { owner: 'octo', repo: 'app', jobId: 502 }, 4096);
    expect(log.text).toContain('##[error]Process completed with exit code 1.');
    expect(log.truncated).toBe(true);
    expect(Buffer.byteLength(log.text)).toBeLessThanOrEqual(4096);
    const logRequest = fake.requests.find((r) => r.rawPath.startsWith('/_logs/'))!;
    expect(logRequest.authorized).toBe(false);
    expect(logRequest.headers.range).toBe('bytes=-4096');
  });
});
