import * as z from 'zod';

/**
 * Every request this server sends names one of these routes. They are constants: no route is
 * ever assembled from caller text, so the only caller-controlled parts of a URL are the `{...}`
 * parameters, which octokit percent-encodes (simple expansion: `/` becomes `%2F`) and which the
 * schemas below have already checked. Octokit does not touch `.` or `..`, and URL normalisation
 * would turn `/repos/../../issues` into `/issues`, so those checks are the guard that keeps a
 * request on the route it was meant for.
 */
export const ROUTES = {
  me: 'GET /user',
  searchRepos: 'GET /search/repositories',
  searchIssues: 'GET /search/issues',
  searchCode: 'GET /search/code',
  repo: 'GET /repos/{owner}/{repo}',
  contents: 'GET /repos/{owner}/{repo}/contents/{path}',
  rootContents: 'GET /repos/{owner}/{repo}/contents',
  putContents: 'PUT /repos/{owner}/{repo}/contents/{path}',
  deleteContents: 'DELETE /repos/{owner}/{repo}/contents/{path}',
  tree: 'GET /repos/{owner}/{repo}/git/trees/{treeSha}',
  branches: 'GET /repos/{owner}/{repo}/branches',
  branch: 'GET /repos/{owner}/{repo}/branches/{branch}',
  commits: 'GET /repos/{owner}/{repo}/commits',
  commit: 'GET /repos/{owner}/{repo}/commits/{ref}',
  compare: 'GET /repos/{owner}/{repo}/compare/{basehead}',
  forks: 'POST /repos/{owner}/{repo}/forks',
  getRef: 'GET /repos/{owner}/{repo}/git/ref/{ref}',
  createRef: 'POST /repos/{owner}/{repo}/git/refs',
  updateRef: 'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
  gitCommit: 'GET /repos/{owner}/{repo}/git/commits/{commitSha}',
  createBlob: 'POST /repos/{owner}/{repo}/git/blobs',
  createTree: 'POST /repos/{owner}/{repo}/git/trees',
  createCommit: 'POST /repos/{owner}/{repo}/git/commits',
  issues: 'GET /repos/{owner}/{repo}/issues',
  issue: 'GET /repos/{owner}/{repo}/issues/{issueNumber}',
  createIssue: 'POST /repos/{owner}/{repo}/issues',
  updateIssue: 'PATCH /repos/{owner}/{repo}/issues/{issueNumber}',
  issueComments: 'GET /repos/{owner}/{repo}/issues/{issueNumber}/comments',
  addIssueComment: 'POST /repos/{owner}/{repo}/issues/{issueNumber}/comments',
  labels: 'GET /repos/{owner}/{repo}/labels',
  collaboratorPermission: 'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
  pulls: 'GET /repos/{owner}/{repo}/pulls',
  pull: 'GET /repos/{owner}/{repo}/pulls/{pullNumber}',
  createPull: 'POST /repos/{owner}/{repo}/pulls',
  updatePull: 'PATCH /repos/{owner}/{repo}/pulls/{pullNumber}',
  mergePull: 'PUT /repos/{owner}/{repo}/pulls/{pullNumber}/merge',
  pullFiles: 'GET /repos/{owner}/{repo}/pulls/{pullNumber}/files',
  pullReviews: 'GET /repos/{owner}/{repo}/pulls/{pullNumber}/reviews',
  createReview: 'POST /repos/{owner}/{repo}/pulls/{pullNumber}/reviews',
  pullReviewComments: 'GET /repos/{owner}/{repo}/pulls/{pullNumber}/comments',
  checkRuns: 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs',
  combinedStatus: 'GET /repos/{owner}/{repo}/commits/{ref}/status',
  releases: 'GET /repos/{owner}/{repo}/releases',
  latestRelease: 'GET /repos/{owner}/{repo}/releases/latest',
  createRelease: 'POST /repos/{owner}/{repo}/releases',
  contributors: 'GET /repos/{owner}/{repo}/contributors',
  workflowRuns: 'GET /repos/{owner}/{repo}/actions/runs',
  workflowRun: 'GET /repos/{owner}/{repo}/actions/runs/{runId}',
  workflowRunJobs: 'GET /repos/{owner}/{repo}/actions/runs/{runId}/jobs',
  jobLogs: 'GET /repos/{owner}/{repo}/actions/jobs/{jobId}/logs',
  rerunRun: 'POST /repos/{owner}/{repo}/actions/runs/{runId}/rerun',
  rerunFailedJobs: 'POST /repos/{owner}/{repo}/actions/runs/{runId}/rerun-failed-jobs'
} as const;

export type Route = (typeof ROUTES)[keyof typeof ROUTES];

/** Longest a path may be, in characters. Git itself has no limit; GitHub refuses paths past 4096 bytes. */
export const MAX_PATH_LENGTH = 1024;
/** Longest ref accepted (git's own limit on a ref name is the file-system's, 255 bytes per name). */
export const MAX_REF_LENGTH = 255;
const MAX_DECODE_ROUNDS = 4;

// C0, DEL, C1 controls, plus characters that make a name look different from what it is:
// bidi overrides/isolates, zero-width characters, BOM and Unicode tag characters.
const INVISIBLE = /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u{e0000}-\u{e007f}\p{Cs}]/u;

/**
 * The forms a server might see: the text as given and each percent-decoding of it, because a
 * proxy or the API may decode `%252e%252e` twice. Returns undefined when decoding fails or is
 * still changing after a few rounds (nobody names a file that way by accident).
 */
export function decodedForms(text: string): string[] | undefined {
  const forms = [text];
  let current = text;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round++) {
    if (!current.includes('%')) return forms;
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return forms;
    forms.push(next);
    current = next;
  }
  return current.includes('%') && safeDecode(current) !== current ? undefined : forms;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Why `login` is not a GitHub user or organisation name, or undefined when it is one. */
export function ownerProblem(login: string): string | undefined {
  if (login.length === 0 || login.length > 39) return 'must be 1-39 characters';
  if (!/^[A-Za-z0-9-]+$/.test(login)) return 'may contain only ASCII letters, digits and hyphens';
  if (login.startsWith('-') || login.endsWith('-')) return 'must not start or end with a hyphen';
  if (login.includes('--')) return 'must not contain two hyphens in a row';
  return undefined;
}

/** Why `name` is not a GitHub repository name, or undefined when it is one. */
export function repoProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 100) return 'must be 1-100 characters';
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return 'may contain only ASCII letters, digits, ".", "-" and "_"';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  return undefined;
}

/**
 * Why `ref` breaks `git check-ref-format --allow-onelevel` (checked on the text and on every
 * percent-decoding of it), or undefined when it is a valid branch, tag or full ref name. A commit
 * SHA passes too.
 */
export function refProblem(ref: string): string | undefined {
  if (ref.length === 0) return 'must not be empty';
  if (ref.length > MAX_REF_LENGTH) return `must be at most ${MAX_REF_LENGTH} characters`;
  const forms = decodedForms(ref);
  if (!forms) return 'has a malformed or deeply nested percent-encoding';
  for (const form of forms) {
    const problem = refFormProblem(form);
    if (problem) return form === ref ? problem : `${problem} once percent-decoded`;
  }
  return undefined;
}

function refFormProblem(ref: string): string | undefined {
  if (INVISIBLE.test(ref)) return 'must not contain control or invisible characters';
  // Not in git's rules, but a backslash is a path separator to WHATWG URL parsers.
  if (/[ ~^:?*[\\]/.test(ref)) return 'must not contain spaces or any of ~ ^ : ? * [ \\';
  if (ref.includes('..')) return 'must not contain ".."';
  if (ref.includes('@{')) return 'must not contain "@{"';
  if (ref === '@') return 'must not be "@"';
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//'))
    return 'must not start or end with "/" or contain "//"';
  if (ref.endsWith('.')) return 'must not end with "."';
  for (const part of ref.split('/')) {
    if (part.startsWith('.')) return 'must not have a "/"-separated part starting with "."';
    if (part.endsWith('.lock')) return 'must not have a "/"-separated part ending with ".lock"';
  }
  return undefined;
}

/**
 * Why `path` is not a safe path inside a repository, or undefined when it is one. Checked on
 * the text and on every percent-decoding of it: no leading "/", no empty, "." or ".." segment,
 * no control or invisible characters, no backslash.
 */
export function pathProblem(path: string): string | undefined {
  if (path.length === 0) return 'must not be empty (use the repository root tool form without a path)';
  if (path.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  const forms = decodedForms(path);
  if (!forms) return 'has a malformed or deeply nested percent-encoding';
  for (const form of forms) {
    const problem = pathFormProblem(form);
    if (problem) return form === path ? problem : `${problem} once percent-decoded`;
  }
  return undefined;
}

function pathFormProblem(path: string): string | undefined {
  if (INVISIBLE.test(path)) return 'must not contain control or invisible characters';
  if (path.includes('\\')) return 'must not contain a backslash (use "/" between folders)';
  if (path.startsWith('/')) return 'must be relative to the repository root (no leading "/")';
  for (const segment of path.split('/')) {
    if (segment === '') return 'must not contain an empty segment ("//" or a trailing "/")';
    if (segment === '.' || segment === '..') return 'must not contain "." or ".." segments';
  }
  return undefined;
}

/** Accepts `path` with a trailing slash trimmed and "" for the root, as callers write folders. */
export function normaliseDirectory(path: string): string {
  return path.replace(/\/+$/, '');
}

const checked = (problem: (value: string) => string | undefined, what: string) =>
  z.string().superRefine((value, ctx) => {
    const reason = problem(value);
    if (reason) ctx.addIssue({ code: 'custom', message: `${what} ${reason}` });
  });

export const ownerSchema = checked(ownerProblem, 'owner').describe(
  'Account (user or organisation) that owns the repository.'
);
export const repoSchema = checked(repoProblem, 'repo');
export const refSchema = checked(refProblem, 'ref');
export const branchSchema = checked(refProblem, 'branch');
export const pathSchema = checked(pathProblem, 'path');
export const shaSchema = z
  .string()
  .regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i, 'must be a full 40- or 64-character hex SHA');
export const numberSchema = z.number().int().min(1).max(2_147_483_647);
export const idSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const loginSchema = checked(ownerProblem, 'username');

/** `owner/repo`, as people write it. */
export function parseFullName(fullName: string): { owner: string; repo: string } | undefined {
  const slash = fullName.indexOf('/');
  if (slash < 0) return undefined;
  const owner = fullName.slice(0, slash);
  const repo = fullName.slice(slash + 1);
  return ownerProblem(owner) || repoProblem(repo) ? undefined : { owner, repo };
}

/**
 * The parameters a route accepts: only scalar values and arrays of them. Octokit reads some
 * keys as request options instead of URL parameters (`url`, `baseUrl`, `headers`...); they are
 * refused so that nothing derived from an argument can change where a request goes.
 */
export type RouteParams = Record<string, string | number | boolean | string[] | undefined | RouteBody | RouteBody[]>;
export interface RouteBody {
  [key: string]: string | number | boolean | null | undefined | RouteBody | RouteBody[] | string[];
}

export const RESERVED_PARAMS = ['url', 'baseUrl', 'method', 'headers', 'request', 'mediaType', 'data'] as const;

export function assertSafeParams(params: RouteParams): void {
  for (const key of RESERVED_PARAMS) {
    if (key in params) throw new Error(`route parameter "${key}" is reserved`);
  }
}
