/**
 * Response shapes written from GitHub's REST reference (api version 2022-11-28), trimmed to the
 * fields a client reads plus the URL noise real answers carry, so byte comparisons stay honest.
 */

export const TOKEN = 'ghp_FakeTestToken0123456789abcdefABCDEF';

export interface User {
  login: string;
  id: number;
}

export function userJson(base: string, u: User) {
  return {
    login: u.login,
    id: u.id,
    node_id: `MDQ6VXNlcj${u.id}`,
    avatar_url: `https://avatars.example.test/u/${u.id}?v=4`,
    gravatar_id: '',
    url: `${base}/users/${u.login}`,
    html_url: `https://github.com/${u.login}`,
    followers_url: `${base}/users/${u.login}/followers`,
    following_url: `${base}/users/${u.login}/following{/other_user}`,
    gists_url: `${base}/users/${u.login}/gists{/gist_id}`,
    starred_url: `${base}/users/${u.login}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/users/${u.login}/subscriptions`,
    organizations_url: `${base}/users/${u.login}/orgs`,
    repos_url: `${base}/users/${u.login}/repos`,
    events_url: `${base}/users/${u.login}/events{/privacy}`,
    received_events_url: `${base}/users/${u.login}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false
  };
}

export interface RepoSeed {
  owner: User;
  name: string;
  id: number;
  description: string;
  private: boolean;
  language: string;
  stars: number;
  forks: number;
  openIssues: number;
  license?: { key: string; name: string; spdx_id: string };
  topics: string[];
  defaultBranch: string;
  pushedAt: string;
  archived?: boolean;
}

export function repoJson(base: string, r: RepoSeed) {
  const full = `${r.owner.login}/${r.name}`;
  const api = `${base}/repos/${full}`;
  return {
    id: r.id,
    node_id: `R_kgDO${r.id}`,
    name: r.name,
    full_name: full,
    private: r.private,
    owner: userJson(base, r.owner),
    html_url: `https://github.com/${full}`,
    description: r.description,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    commits_url: `${api}/commits{/sha}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    created_at: '2024-03-01T09:00:00Z',
    updated_at: '2026-11-25T12:00:00Z',
    pushed_at: r.pushedAt,
    git_url: `git://github.com/${full}.git`,
    ssh_url: `git@github.com:${full}.git`,
    clone_url: `https://github.com/${full}.git`,
    homepage: null,
    size: 1834,
    stargazers_count: r.stars,
    watchers_count: r.stars,
    language: r.language,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: r.forks,
    archived: r.archived ?? false,
    disabled: false,
    open_issues_count: r.openIssues,
    license: r.license ? { ...r.license, url: `${base}/licenses/${r.license.key}`, node_id: 'MDc6TGljZW5zZTEz' } : null,
    allow_forking: true,
    is_template: false,
    topics: r.topics,
    visibility: r.private ? 'private' : 'public',
    forks: r.forks,
    open_issues: r.openIssues,
    watchers: r.stars,
    default_branch: r.defaultBranch,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true }
  };
}

export interface IssueSeed {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  user: User;
  labels: string[];
  comments: number;
  createdAt: string;
  isPull?: boolean;
  authorAssociation?: string;
  assignees?: User[];
}

export const LABELS: Record<string, { color: string; description: string }> = {
  bug: { color: 'd73a4a', description: "Something isn't working" },
  enhancement: { color: 'a2eeef', description: 'New feature or request' },
  documentation: { color: '0075ca', description: 'Improvements or additions to documentation' },
  'good first issue': { color: '7057ff', description: 'Good for newcomers' }
};

export function labelJson(base: string, full: string, name: string, id: number) {
  const l = LABELS[name] ?? { color: 'ededed', description: '' };
  return {
    id,
    node_id: `LA_kwDO${id}`,
    url: `${base}/repos/${full}/labels/${encodeURIComponent(name)}`,
    name,
    color: l.color,
    default: name === 'bug',
    description: l.description
  };
}

export function issueJson(base: string, full: string, i: IssueSeed) {
  const api = `${base}/repos/${full}/issues/${i.number}`;
  return {
    url: api,
    repository_url: `${base}/repos/${full}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `https://github.com/${full}/${i.isPull ? 'pull' : 'issues'}/${i.number}`,
    id: 1000000 + i.number,
    node_id: `I_kwDO${i.number}`,
    number: i.number,
    title: i.title,
    user: userJson(base, i.user),
    labels: i.labels.map((name, k) => labelJson(base, full, name, 200 + k)),
    state: i.state,
    locked: false,
    assignee: i.assignees?.[0] ? userJson(base, i.assignees[0]) : null,
    assignees: (i.assignees ?? []).map((a) => userJson(base, a)),
    milestone: null,
    comments: i.comments,
    created_at: i.createdAt,
    updated_at: i.createdAt,
    closed_at: i.state === 'closed' ? i.createdAt : null,
    author_association: i.authorAssociation ?? 'CONTRIBUTOR',
    active_lock_reason: null,
    ...(i.isPull
      ? {
          draft: false,
          pull_request: {
            url: `${base}/repos/${full}/pulls/${i.number}`,
            html_url: `https://github.com/${full}/pull/${i.number}`,
            diff_url: `https://github.com/${full}/pull/${i.number}.diff`,
            patch_url: `https://github.com/${full}/pull/${i.number}.patch`,
            merged_at: null
          }
        }
      : {}),
    body: i.body,
    closed_by: null,
    reactions: {
      url: `${api}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0
    },
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    state_reason: i.state === 'closed' ? 'completed' : null
  };
}

export function commentJson(
  base: string,
  full: string,
  issue: number,
  c: { id: number; user: User; body: string; createdAt: string; authorAssociation?: string }
) {
  return {
    url: `${base}/repos/${full}/issues/comments/${c.id}`,
    html_url: `https://github.com/${full}/issues/${issue}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${full}/issues/${issue}`,
    id: c.id,
    node_id: `IC_kwDO${c.id}`,
    user: userJson(base, c.user),
    created_at: c.createdAt,
    updated_at: c.createdAt,
    author_association: c.authorAssociation ?? 'NONE',
    body: c.body,
    reactions: { url: `${base}/repos/${full}/issues/comments/${c.id}/reactions`, total_count: 0 },
    performed_via_github_app: null
  };
}
