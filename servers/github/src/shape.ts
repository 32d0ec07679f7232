import * as z from 'zod';
import { defangMarkdown, singleLine, untrusted } from './text.js';

/**
 * Lean views of GitHub's answers: the fields a model acts on, camelCase, no URLs but the one
 * page link where it matters. Text other people wrote is `{ untrusted }` (hidden characters and
 * HTML comments stripped, remote images flagged).
 */

type Json = any;

export const untrustedText = z.object({ untrusted: z.string() });

/** Third-party Markdown as the structured form carries it. */
export function prose(text: string | null | undefined): { untrusted: string } {
  return untrusted(defangMarkdown(text ?? ''));
}

/** A one-line label from third-party text (titles, names): hidden characters gone, one line. */
export function label(text: string | null | undefined, max = 200): string {
  const line = singleLine(defangMarkdown(text ?? ''));
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export const repoView = z.object({
  fullName: z.string(),
  description: z.string().optional(),
  private: z.boolean(),
  archived: z.boolean().optional(),
  fork: z.boolean().optional(),
  stars: z.number(),
  forks: z.number(),
  openIssues: z.number(),
  language: z.string().optional(),
  license: z.string().optional(),
  topics: z.array(z.string()).optional(),
  defaultBranch: z.string(),
  pushedAt: z.string().optional()
});
export function repo(r: Json): z.infer<typeof repoView> {
  return {
    fullName: r.full_name,
    ...(r.description ? { description: label(r.description, 300) } : {}),
    private: !!r.private,
    ...(r.archived ? { archived: true } : {}),
    ...(r.fork ? { fork: true } : {}),
    stars: r.stargazers_count ?? 0,
    forks: r.forks_count ?? 0,
    openIssues: r.open_issues_count ?? 0,
    ...(r.language ? { language: r.language } : {}),
    ...(r.license?.spdx_id && r.license.spdx_id !== 'NOASSERTION'
      ? { license: r.license.spdx_id }
      : r.license?.name
        ? { license: r.license.name }
        : {}),
    ...(r.topics?.length ? { topics: r.topics.slice(0, 20) } : {}),
    defaultBranch: r.default_branch,
    ...(r.pushed_at ? { pushedAt: r.pushed_at } : {})
  };
}
export function repoLine(r: z.infer<typeof repoView>): string {
  return (
    [
      r.fullName,
      `★${r.stars}`,
      `forks ${r.forks}`,
      `open issues ${r.openIssues}`,
      r.language,
      r.license,
      r.private ? 'private' : undefined,
      r.archived ? 'archived' : undefined,
      r.pushedAt ? `pushed ${day(r.pushedAt)}` : undefined
    ]
      .filter(Boolean)
      .join(' · ') + (r.description ? ` — ${r.description}` : '')
  );
}

export const issueView = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  author: z.string(),
  labels: z.array(z.string()),
  comments: z.number(),
  createdAt: z.string(),
  assignees: z.array(z.string()).optional(),
  pullRequest: z.boolean().optional(),
  repo: z.string().optional()
});
export function issue(i: Json, withRepo = false): z.infer<typeof issueView> {
  return {
    number: i.number,
    title: label(i.title),
    state:
      i.state_reason && i.state === 'closed' && i.state_reason !== 'completed' ? `closed (${i.state_reason})` : i.state,
    author: i.user?.login ?? 'ghost',
    labels: (i.labels ?? []).map((l: Json) => label(typeof l === 'string' ? l : l.name, 50)),
    comments: i.comments ?? 0,
    createdAt: i.created_at,
    ...(i.assignees?.length ? { assignees: i.assignees.map((a: Json) => a.login) } : {}),
    ...(i.pull_request ? { pullRequest: true } : {}),
    ...(withRepo && i.repository_url ? { repo: String(i.repository_url).split('/repos/')[1] } : {})
  };
}
export function issueLine(i: z.infer<typeof issueView>): string {
  return [
    `${i.repo ?? ''}#${i.number}`,
    i.pullRequest ? 'PR' : undefined,
    i.state,
    `"${i.title}"`,
    `by ${i.author}`,
    i.labels.length ? `[${i.labels.join(', ')}]` : undefined,
    i.comments ? `${i.comments} comments` : undefined,
    i.assignees ? `→ ${i.assignees.join(', ')}` : undefined,
    day(i.createdAt)
  ]
    .filter(Boolean)
    .join(' ');
}

export const commentView = z.object({
  id: z.number(),
  author: z.string(),
  createdAt: z.string(),
  body: untrustedText.optional(),
  withheld: z.boolean().optional()
});

export const pullView = z.object({
  number: z.number(),
  title: z.string(),
  state: z.string(),
  draft: z.boolean(),
  author: z.string(),
  head: z.string(),
  base: z.string(),
  createdAt: z.string()
});
export function pull(p: Json): z.infer<typeof pullView> {
  return {
    number: p.number,
    title: label(p.title),
    state: p.merged_at ? 'merged' : p.state,
    draft: !!p.draft,
    author: p.user?.login ?? 'ghost',
    head: p.head?.label ?? p.head?.ref,
    base: p.base?.ref,
    createdAt: p.created_at
  };
}
export function pullLine(p: z.infer<typeof pullView>): string {
  return `#${p.number} ${p.state}${p.draft ? ' draft' : ''} "${p.title}" by ${p.author} ${p.head} → ${p.base} ${day(p.createdAt)}`;
}

export const commitView = z.object({
  sha: z.string(),
  author: z.string(),
  date: z.string(),
  message: untrustedText
});
export function commit(c: Json): z.infer<typeof commitView> {
  return {
    sha: c.sha,
    author: c.author?.login ?? c.commit?.author?.name ?? 'unknown',
    date: c.commit?.author?.date ?? '',
    message: prose(firstLines(c.commit?.message ?? '', 20))
  };
}

export const fileChangeView = z.object({
  path: z.string(),
  status: z.string(),
  additions: z.number(),
  deletions: z.number(),
  previousPath: z.string().optional()
});
export function fileChange(f: Json): z.infer<typeof fileChangeView> {
  return {
    path: f.filename,
    status: f.status,
    additions: f.additions ?? 0,
    deletions: f.deletions ?? 0,
    ...(f.previous_filename ? { previousPath: f.previous_filename } : {})
  };
}

export const pageFields = {
  total: z.number().optional(),
  nextOffset: z.number().optional()
};

/** `{ total?, nextOffset? }` for a window that `hasMore`. */
export function pageInfo(args: { offset: number }, shown: number, page: { hasMore: boolean; total?: number }) {
  return {
    ...(page.total !== undefined ? { total: page.total } : {}),
    ...(page.hasMore ? { nextOffset: args.offset + shown } : {})
  };
}

/** The closing line of a list: how many and how to get more. */
export function more(
  args: { offset: number },
  shown: number,
  page: { hasMore: boolean; total?: number },
  what: string
): string {
  const range = shown ? `${what} ${args.offset + 1}-${args.offset + shown}` : `no ${what}`;
  const of = page.total !== undefined ? ` of ${page.total}` : '';
  return page.hasMore ? `${range}${of}; more with offset=${args.offset + shown}.` : `${range}${of}.`;
}

export function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

export function firstLines(text: string, max: number): string {
  const lines = text.split('\n');
  return lines.length > max ? `${lines.slice(0, max).join('\n')}\n… (${lines.length - max} more lines)` : text;
}
