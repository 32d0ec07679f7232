import type { HealthReport } from '@mcp-catalog/shared';
import { GitHubClient, resolveBaseUrl } from './github/client.js';
import { Lockdown, RepoAllowList } from './github/access.js';
import type { Config } from './settings.js';

/** What lives as long as the process: one GitHub client per token, the allow-list, the lockdown cache. */
export interface Deps {
  github: GitHubClient;
  allow: RepoAllowList;
  /** Reads may leave the allow-list (--allowed-repos-for writes). */
  readsOpen: boolean;
  lockdown: Lockdown;
  anonymous: boolean;
}

export function createDeps(
  config: Config,
  overrides: { fetch?: typeof fetch; writeSpacingMs?: number; searchSpacingMs?: number } = {}
): Deps {
  const baseUrl = resolveBaseUrl({ apiUrl: config.apiUrl, host: config.githubHost });
  return {
    github: new GitHubClient({
      baseUrl,
      token: config.token,
      rateLimitWaitSeconds: config.rateLimitWaitSeconds,
      maxConcurrency: config.maxConcurrency,
      requestTimeoutSeconds: config.requestTimeoutSeconds,
      ...overrides
    }),
    allow: new RepoAllowList(config.allowedRepos),
    readsOpen: config.allowedReposFor === 'writes',
    lockdown: new Lockdown(config.lockdown),
    anonymous: !config.token
  };
}

export async function health(deps: Deps): Promise<HealthReport> {
  return { ok: true, checks: { api: deps.github.origin, authenticated: !deps.anonymous } };
}

export async function close(deps: Deps): Promise<void> {
  await deps.github.close();
}
