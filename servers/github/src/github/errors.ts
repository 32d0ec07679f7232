/**
 * What GitHub answered, turned into text a model can act on. Messages never carry the token,
 * request headers or response bodies beyond GitHub's own short `message` and validation errors.
 */

export type GitHubErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'missing_scope'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'diff_too_large'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'redirect_refused'
  | 'unavailable'
  | 'cancelled'
  | 'network';

export class GitHubError extends Error {
  constructor(
    readonly kind: GitHubErrorKind,
    message: string,
    readonly hint?: string,
    readonly status?: number,
    /** For rate limits: when a retry can succeed. */
    readonly retryAt?: Date
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

/** The parts of an octokit RequestError (or a response) this module reads. */
export interface ErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

interface ErrorBody {
  message?: unknown;
  errors?: Array<{ resource?: unknown; field?: unknown; code?: unknown; message?: unknown }>;
}

export interface ErrorContext {
  /** What was being asked for, e.g. "repository octo/app" (built from validated values). */
  target?: string;
  /** Replaced by [REDACTED] wherever it appears. */
  secrets?: readonly string[];
  now?: number;
}

/** Maps an octokit error to a GitHubError. */
export function toGitHubError(error: ErrorLike, context: ErrorContext = {}): GitHubError {
  const status = error.status ?? 0;
  const headers = error.response?.headers ?? {};
  const body = (error.response?.data ?? {}) as ErrorBody;
  const said = scrub(typeof body.message === 'string' ? body.message : '', context.secrets);
  const target = context.target ? ` (${context.target})` : '';
  const now = context.now ?? Date.now();

  const limit = rateLimitOf(status, headers, said, now);
  if (limit) {
    const when = limit.toISOString();
    const seconds = Math.max(1, Math.ceil((limit.getTime() - now) / 1000));
    return new GitHubError(
      'rate_limited',
      `GitHub rate limit reached${target}; retry after ${when} (in about ${seconds} s).`,
      /secondary/i.test(said)
        ? 'This is a secondary (abuse) limit: slow down, make fewer parallel or write calls.'
        : 'The hourly quota of this token is used up; wait, or use a token with its own quota.',
      status,
      limit
    );
  }
  switch (status) {
    case 401:
      return new GitHubError(
        'unauthorized',
        'GitHub rejected the credentials (401 Bad credentials).',
        'Set GITHUB_PERSONAL_ACCESS_TOKEN to a valid, unexpired token and restart the server.',
        status
      );
    case 403: {
      const scope = missingScope(headers, said);
      if (scope)
        return new GitHubError(
          'missing_scope',
          `The token lacks the permission this needs${target}: ${scope}.`,
          `Grant ${scope} to the token (classic PAT: scopes; fine-grained: repository permissions) and retry.`,
          status
        );
      return new GitHubError(
        'forbidden',
        `GitHub refused this${target}: ${said || 'forbidden'}.`,
        'The token may lack permission, the repository may be archived, or an organisation policy may block the token.',
        status
      );
    }
    case 404:
      return new GitHubError(
        'not_found',
        `Not found${target}.`,
        'Check the owner, repository, number or path. A private repository the token cannot see also answers 404: the token may lack access to it.',
        status
      );
    case 406:
      return new GitHubError(
        'diff_too_large',
        `GitHub will not render this diff${target}: ${said || 'it is too large'}.`,
        'Read it file by file instead (the pull request files list pages through every file with its patch).',
        status
      );
    case 409:
      return new GitHubError(
        'conflict',
        `Conflict${target}: ${said || 'the resource changed'}.`,
        'Something changed since you read it (a newer commit, a merge conflict, or an empty repository). Read it again and retry with the current SHA.',
        status
      );
    case 410:
      return new GitHubError(
        'not_found',
        `Gone${target}: ${said || 'this was removed'}.`,
        'It was deleted or disabled.',
        status
      );
    case 422:
      return new GitHubError(
        'invalid',
        `GitHub rejected the request${target}: ${validationText(said, body.errors, context.secrets)}.`,
        'Fix the named field and retry.',
        status
      );
    default:
      if (status >= 500)
        return new GitHubError(
          'unavailable',
          `GitHub answered ${status}${target}.`,
          'GitHub is having trouble; retry in a minute.',
          status
        );
      return new GitHubError(
        'network',
        `The GitHub request failed${target}${status ? ` (HTTP ${status})` : ''}: ${scrub(error.message ?? 'unknown error', context.secrets).slice(0, 200)}.`,
        'Check GITHUB_API_URL / GITHUB_HOST and the network, then retry.',
        status || undefined
      );
  }
}

/** When the limit of a 403/429 ends, or undefined when the answer is not a rate limit. */
export function rateLimitOf(
  status: number,
  headers: Record<string, string | number | undefined>,
  message: string,
  now: number
): Date | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && headers['retry-after'] !== undefined)
    return new Date(now + retryAfter * 1000);
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset) && reset > 0) return new Date(reset * 1000);
    return new Date(now + 60_000);
  }
  // GitHub's documented fallback for a secondary limit without Retry-After: wait a minute.
  if (/secondary rate limit|rate limit exceeded/i.test(message) || status === 429) return new Date(now + 60_000);
  return undefined;
}

function missingScope(headers: Record<string, string | number | undefined>, message: string): string | undefined {
  const accepted = String(headers['x-accepted-oauth-scopes'] ?? '').trim();
  const granted = new Set(
    String(headers['x-oauth-scopes'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  );
  if (accepted) {
    const needed = accepted
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (needed.length && !needed.some((s) => granted.has(s))) return `scope "${needed.join('" or "')}"`;
  }
  // Fine-grained tokens: "Resource not accessible by personal access token" + x-accepted-github-permissions.
  const permissions = String(headers['x-accepted-github-permissions'] ?? '').trim();
  if (permissions && /not accessible/i.test(message)) return `permission "${permissions.slice(0, 120)}"`;
  const named = /needs? the ['"`]?([a-z:_]+)['"`]? scope/i.exec(message);
  return named ? `scope "${named[1]}"` : undefined;
}

function validationText(message: string, errors: ErrorBody['errors'], secrets?: readonly string[]): string {
  const parts = (errors ?? []).slice(0, 5).map((e) => {
    const text =
      typeof e.message === 'string' ? e.message : [e.field, e.code].filter((x) => typeof x === 'string').join(' ');
    return scrub(text, secrets).slice(0, 200);
  });
  return [message || 'Validation Failed', ...parts.filter(Boolean)].join('; ');
}

export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out.replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '[REDACTED]');
}
