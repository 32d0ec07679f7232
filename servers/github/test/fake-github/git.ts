import { createHash } from 'node:crypto';

/** A tiny git object store with git's real object ids, so SHAs in answers behave like GitHub's. */
export interface TreeEntry {
  path: string;
  mode: '100644' | '100755' | '040000' | '160000' | '120000';
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export interface CommitObject {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
}

export class GitStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, CommitObject>();
  readonly refs = new Map<string, string>();

  blob(content: Buffer | string): string {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const sha = hashObject('blob', data);
    this.blobs.set(sha, data);
    return sha;
  }

  tree(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const body = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.path}\0`), Buffer.from(e.sha, 'hex')])
      )
    );
    const sha = hashObject('tree', body);
    this.trees.set(sha, sorted);
    return sha;
  }

  commit(tree: string, parents: string[], message: string, date = '2026-11-20T10:00:00Z'): string {
    const author = { name: 'Mona Octocat', email: 'mona@example.com', date };
    const text = `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author ${author.name} <${author.email}> ${Date.parse(date) / 1000} +0000\ncommitter ${author.name} <${author.email}> ${Date.parse(date) / 1000} +0000\n\n${message}`;
    const sha = hashObject('commit', Buffer.from(text));
    this.commits.set(sha, { sha, tree, parents, message, author });
    return sha;
  }

  /** Writes a whole file map as nested trees; returns the root tree sha. */
  writeFiles(files: Record<string, Buffer | string>): string {
    const root: Dir = new Map();
    for (const [path, content] of Object.entries(files)) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1)) {
        let next = dir.get(part);
        if (!(next instanceof Map)) {
          next = new Map();
          dir.set(part, next);
        }
        dir = next;
      }
      dir.set(parts.at(-1)!, this.blob(content));
    }
    return this.writeDir(root);
  }

  private writeDir(dir: Dir): string {
    const entries: TreeEntry[] = [];
    for (const [name, value] of dir) {
      if (value instanceof Map) entries.push({ path: name, mode: '040000', type: 'tree', sha: this.writeDir(value) });
      else entries.push({ path: name, mode: '100644', type: 'blob', sha: value });
    }
    return this.tree(entries);
  }

  /** Every file under a tree, path -> blob sha. */
  flatten(treeSha: string, prefix = ''): Map<string, TreeEntry & { fullPath: string }> {
    const out = new Map<string, TreeEntry & { fullPath: string }>();
    for (const e of this.trees.get(treeSha) ?? []) {
      const fullPath = prefix ? `${prefix}/${e.path}` : e.path;
      out.set(fullPath, { ...e, fullPath });
      if (e.type === 'tree') for (const [k, v] of this.flatten(e.sha, fullPath)) out.set(k, v);
    }
    return out;
  }

  /** Files of a commit as path -> content. */
  filesOf(commitSha: string): Map<string, Buffer> {
    const commit = this.commits.get(commitSha);
    const out = new Map<string, Buffer>();
    if (!commit) return out;
    for (const [path, e] of this.flatten(commit.tree)) if (e.type === 'blob') out.set(path, this.blobs.get(e.sha)!);
    return out;
  }

  /** Resolves a branch, tag, full ref or sha (or sha prefix) to a commit sha. */
  resolve(ref: string): string | undefined {
    for (const name of [ref, `refs/heads/${ref}`, `refs/tags/${ref}`]) {
      const sha = this.refs.get(name);
      if (sha) return sha;
    }
    if (/^[0-9a-f]{7,40}$/.test(ref)) for (const sha of this.commits.keys()) if (sha.startsWith(ref)) return sha;
    return undefined;
  }

  /** Builds a new tree from `base` with changes (content string = write, null = delete). */
  applyChanges(
    baseTree: string | undefined,
    changes: Array<{ path: string; sha: string | null; mode?: string }>
  ): string {
    const files = new Map<string, string>();
    if (baseTree) for (const [path, e] of this.flatten(baseTree)) if (e.type === 'blob') files.set(path, e.sha);
    for (const c of changes) {
      if (c.sha === null) {
        files.delete(c.path);
        for (const p of [...files.keys()]) if (p.startsWith(`${c.path}/`)) files.delete(p);
      } else files.set(c.path, c.sha);
    }
    const record: Record<string, Buffer> = {};
    for (const [path, sha] of files) record[path] = this.blobs.get(sha)!;
    return this.writeFiles(record);
  }
}

type Dir = Map<string, Dir | string>;

export function hashObject(type: string, data: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${type} ${data.length}\0`), data]))
    .digest('hex');
}

/** A unified diff of two file maps, as GitHub's `application/vnd.github.diff` renders it. */
export function unifiedDiff(
  before: Map<string, Buffer>,
  after: Map<string, Buffer>
): { diff: string; files: FileDiff[] } {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const files: FileDiff[] = [];
  const parts: string[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a && b && a.equals(b)) continue;
    const oldLines = a ? splitLines(a.toString('utf8')) : [];
    const newLines = b ? splitLines(b.toString('utf8')) : [];
    const patch = hunk(oldLines, newLines);
    const status = !a ? 'added' : !b ? 'removed' : 'modified';
    const header = [
      `diff --git a/${path} b/${path}`,
      ...(status === 'added' ? ['new file mode 100644'] : status === 'removed' ? ['deleted file mode 100644'] : []),
      `--- ${a ? `a/${path}` : '/dev/null'}`,
      `+++ ${b ? `b/${path}` : '/dev/null'}`
    ].join('\n');
    parts.push(`${header}\n${patch}`);
    files.push({
      filename: path,
      status,
      additions:
        newLines.length -
        (status === 'modified' ? commonPrefix(oldLines, newLines) + commonSuffixAfter(oldLines, newLines) : 0),
      deletions:
        oldLines.length -
        (status === 'modified' ? commonPrefix(oldLines, newLines) + commonSuffixAfter(oldLines, newLines) : 0),
      patch,
      sha: b ? hashObject('blob', b) : hashObject('blob', Buffer.alloc(0))
    });
  }
  return { diff: parts.length ? `${parts.join('\n')}\n` : '', files };
}

export interface FileDiff {
  filename: string;
  status: 'added' | 'removed' | 'modified';
  additions: number;
  deletions: number;
  patch: string;
  sha: string;
}

function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function commonPrefix(a: string[], b: string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffixAfter(a: string[], b: string[]): number {
  const p = commonPrefix(a, b);
  let i = 0;
  while (i < a.length - p && i < b.length - p && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** One hunk covering the changed middle (enough for fixtures; GitHub's has 3 lines of context). */
function hunk(a: string[], b: string[]): string {
  const p = commonPrefix(a, b);
  const s = commonSuffixAfter(a, b);
  const ctxStart = Math.max(0, p - 3);
  const oldEnd = Math.min(a.length, a.length - s + 3);
  const newEnd = Math.min(b.length, b.length - s + 3);
  const lines: string[] = [];
  for (let i = ctxStart; i < p; i++) lines.push(` ${a[i]}`);
  for (let i = p; i < a.length - s; i++) lines.push(`-${a[i]}`);
  for (let i = p; i < b.length - s; i++) lines.push(`+${b[i]}`);
  for (let i = a.length - s; i < oldEnd; i++) lines.push(` ${a[i]}`);
  const oldCount = oldEnd - ctxStart;
  const newCount = newEnd - ctxStart;
  return `@@ -${a.length ? ctxStart + 1 : 0},${oldCount} +${b.length ? ctxStart + 1 : 0},${newCount} @@\n${lines.join('\n')}`;
}
