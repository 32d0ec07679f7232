import type { GitHubCall } from './client.js';
import { ROUTES } from './routes.js';

/**
 * `--allowed-repos owner/repo,owner/*`: which repositories a tool may touch. Empty means any.
 * GitHub names are case-insensitive.
 */
export class RepoAllowList {
  private readonly exact = new Set<string>();
  private readonly owners = new Set<string>();

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = raw.trim().toLowerCase();
      if (!p) continue;
      if (p.endsWith('/*')) this.owners.add(p.slice(0, -2));
      else this.exact.add(p);
    }
  }

  get restricted(): boolean {
    return this.exact.size + this.owners.size > 0;
  }

  allows(owner: string, repo: string): boolean {
    if (!this.restricted) return true;
    const o = owner.toLowerCase();
    return this.owners.has(o) || this.exact.has(`${o}/${repo.toLowerCase()}`);
  }

  allowsFullName(fullName: string): boolean {
    const slash = fullName.indexOf('/');
    return slash > 0 && this.allows(fullName.slice(0, slash), fullName.slice(slash + 1));
  }

  describe(): string {
    return [...this.exact, ...[...this.owners].map((o) => `${o}/*`)].join(', ');
  }
}

/** Associations GitHub only gives to people who can push (or own the repository). */
const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'COLLABORATOR']);
const CACHE_MS = 10 * 60_000;

/**
 * `--lockdown`: on public repositories, text by people without push access is withheld. Who
 * has push access is asked of GitHub (collaborator permission) and cached for ten minutes.
 * Like github-mcp-server's lockdown mode this narrows what an injected issue can say; it is
 * not an authorization boundary.
 */
export class Lockdown {
  private readonly visibility = new Map<string, { isPrivate: boolean; at: number }>();
  private readonly pushers = new Map<string, { push: boolean; at: number }>();

  constructor(readonly enabled: boolean) {}

  /** Whether text by `login` in owner/repo may be shown. */
  async mayShow(
    gh: GitHubCall,
    owner: string,
    repo: string,
    login: string | undefined,
    association: string | undefined
  ): Promise<boolean> {
    if (!this.enabled) return true;
    if (!login) return false;
    if (association && TRUSTED_ASSOCIATIONS.has(association)) return true;
    const key = `${owner}/${repo}`.toLowerCase();
    const now = Date.now();
    let vis = this.visibility.get(key);
    if (!vis || now - vis.at > CACHE_MS) {
      const data = await gh.data<{ private: boolean }>(
        ROUTES.repo,
        { owner, repo },
        { target: `repository ${owner}/${repo}` }
      );
      vis = { isPrivate: data.private, at: now };
      this.visibility.set(key, vis);
    }
    if (vis.isPrivate) return true;
    const who = `${key}:${login.toLowerCase()}`;
    let cached = this.pushers.get(who);
    if (!cached || now - cached.at > CACHE_MS) {
      let push = false;
      try {
        const p = await gh.data<{ permission: string }>(ROUTES.collaboratorPermission, {
          owner,
          repo,
          username: login
        });
        push = ['admin', 'maintain', 'write'].includes(p.permission);
      } catch {
        push = false;
      }
      cached = { push, at: now };
      this.pushers.set(who, cached);
    }
    return cached.push;
  }

  /**
   * A list result's title, or a placeholder when `--lockdown` withholds text by this author: list
   * results carry titles, not bodies, and a title is third-party text just the same.
   */
  async title(
    gh: GitHubCall,
    owner: string,
    repo: string,
    raw: { user?: { login?: string } | null; author_association?: string },
    title: string
  ): Promise<string> {
    if (!this.enabled) return title;
    return (await this.mayShow(gh, owner, repo, raw.user?.login, raw.author_association)) ? title : WITHHELD_TITLE;
  }
}

export const WITHHELD_TITLE = '[title withheld: --lockdown, author has no push access]';
