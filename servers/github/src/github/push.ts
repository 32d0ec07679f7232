import { createHash } from 'node:crypto';
import type { GitHubCall } from './client.js';
import { GitHubError } from './errors.js';
import { ROUTES } from './routes.js';

export interface PushFile {
  path: string;
  /** New content; absent with `delete: true`. */
  content?: string;
  encoding?: 'utf-8' | 'base64';
  delete?: boolean;
}

export interface PushResult {
  commitSha: string;
  treeSha: string;
  previousHeadSha: string;
  files: Array<{ path: string; action: 'written' | 'deleted'; blobSha?: string; bytes?: number }>;
}

/** Git's object id of a blob with these bytes: what GitHub must answer if it stored exactly them. */
export function blobSha(data: Buffer): string {
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${data.length}\0`), data]))
    .digest('hex');
}

export function contentBytes(file: Pick<PushFile, 'content' | 'encoding'>): Buffer {
  return file.encoding === 'base64'
    ? Buffer.from(file.content ?? '', 'base64')
    : Buffer.from(file.content ?? '', 'utf8');
}

/**
 * One commit of several files through the git data API, fast-forward only: the branch must still
 * be at `expectedHeadSha` (else nothing is written and the caller re-reads), and the ref update
 * is sent without `force`, so GitHub itself refuses anything but a fast-forward.
 */
export async function pushFiles(
  gh: GitHubCall,
  input: { owner: string; repo: string; branch: string; expectedHeadSha: string; message: string; files: PushFile[] }
): Promise<PushResult> {
  const { owner, repo, branch } = input;
  const target = `${owner}/${repo}@${branch}`;
  const ref = await gh.data<{ object: { sha: string } }>(
    ROUTES.getRef,
    { owner, repo, ref: `heads/${branch}` },
    { target: `branch ${target}` }
  );
  const head = ref.object.sha;
  if (head.toLowerCase() !== input.expectedHeadSha.toLowerCase())
    throw new GitHubError(
      'conflict',
      `Branch ${target} is at ${head}, not at expectedHeadSha ${input.expectedHeadSha}; nothing was written.`,
      'Someone pushed since you looked. Read the branch again (list_branches or list_commits), re-check your changes against it, and retry with its current head SHA.'
    );
  const commit = await gh.data<{ tree: { sha: string } }>(
    ROUTES.gitCommit,
    { owner, repo, commitSha: head },
    { target }
  );

  const entries: Array<{ path: string; mode: string; type: 'blob'; sha: string | null }> = [];
  const files: PushResult['files'] = [];
  for (const file of input.files) {
    if (file.delete) {
      entries.push({ path: file.path, mode: '100644', type: 'blob', sha: null });
      files.push({ path: file.path, action: 'deleted' });
      continue;
    }
    const bytes = contentBytes(file);
    const blob = await gh.data<{ sha: string }>(
      ROUTES.createBlob,
      { owner, repo, content: bytes.toString('base64'), encoding: 'base64' },
      { target: `${target}:${file.path}` }
    );
    const expected = blobSha(bytes);
    if (blob.sha !== expected)
      throw new GitHubError(
        'invalid',
        `GitHub stored ${file.path} as blob ${blob.sha}, but the content sent hashes to ${expected}; nothing was committed.`,
        'Retry; if it repeats, check the encoding (base64 for binary files).'
      );
    entries.push({ path: file.path, mode: '100644', type: 'blob', sha: blob.sha });
    files.push({ path: file.path, action: 'written', blobSha: blob.sha, bytes: bytes.length });
  }
  const tree = await gh.data<{ sha: string }>(
    ROUTES.createTree,
    { owner, repo, base_tree: commit.tree.sha, tree: entries },
    { target }
  );
  const created = await gh.data<{ sha: string }>(
    ROUTES.createCommit,
    { owner, repo, message: input.message, tree: tree.sha, parents: [head] },
    { target }
  );
  try {
    await gh.data(
      ROUTES.updateRef,
      { owner, repo, ref: `heads/${branch}`, sha: created.sha, force: false },
      { target: `branch ${target}` }
    );
  } catch (error) {
    if (error instanceof GitHubError && error.kind === 'invalid')
      throw new GitHubError(
        'conflict',
        `Branch ${target} moved while the commit was being made; it was not updated (no force push). Commit ${created.sha} exists but is on no branch.`,
        'Read the branch again and retry with its new head SHA.'
      );
    throw error;
  }
  return { commitSha: created.sha, treeSha: tree.sha, previousHeadSha: head, files };
}
