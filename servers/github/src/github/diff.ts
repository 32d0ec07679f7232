/**
 * Unified diffs cut into pages a model can read: by file, then by hunk, within a byte cap, with
 * a cursor to the next hunk and a count of what is left. GitHub returns a pull request's diff
 * whole (or refuses with 406 past 300 files / 20 000 lines), so paging is ours.
 */

export interface DiffHunk {
  header: string;
  lines: string[];
}

export interface DiffFile {
  path: string;
  previousPath?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'binary';
  additions: number;
  deletions: number;
  hunks: DiffHunk[];
}

export interface DiffPage {
  text: string;
  files: Array<{
    path: string;
    status: DiffFile['status'];
    additions: number;
    deletions: number;
    hunks: string;
    truncated?: boolean;
  }>;
  /** Where the next page starts; absent on the last page. */
  next?: { fileOffset: number; hunkOffset: number };
  remainingFiles: number;
  remainingLines: number;
  totalFiles: number;
}

/** Splits `git diff` output into files and hunks. Linear in the input. */
export function parseUnifiedDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let hunk: DiffHunk | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      const m = /^diff --git a\/(.*) b\/(.*)$/.exec(line);
      file = { path: m?.[2] ?? line.slice(11), status: 'modified', additions: 0, deletions: 0, hunks: [] };
      if (m && m[1] !== m[2]) {
        file.previousPath = m[1]!;
        file.status = 'renamed';
      }
      files.push(file);
      hunk = undefined;
      continue;
    }
    if (!file) continue;
    if (line.startsWith('@@')) {
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
      continue;
    }
    if (hunk) {
      hunk.lines.push(line);
      if (line.startsWith('+')) file.additions++;
      else if (line.startsWith('-')) file.deletions++;
      continue;
    }
    if (line.startsWith('new file mode')) file.status = 'added';
    else if (line.startsWith('deleted file mode')) file.status = 'removed';
    else if (line.startsWith('Binary files ')) file.status = 'binary';
    else if (line.startsWith('+++ b/')) file.path = line.slice(6);
  }
  for (const f of files) for (const h of f.hunks) while (h.lines.length && h.lines.at(-1) === '') h.lines.pop();
  return files;
}

/** Builds files from the pull request files API (`patch` per file), the fallback past GitHub's diff limits. */
export function filesFromPatches(
  entries: Array<{
    filename: string;
    previous_filename?: string;
    status: string;
    additions: number;
    deletions: number;
    patch?: string;
  }>
): DiffFile[] {
  return entries.map((e) => {
    const hunks: DiffHunk[] = [];
    let hunk: DiffHunk | undefined;
    for (const line of (e.patch ?? '').split('\n')) {
      if (line.startsWith('@@')) {
        hunk = { header: line, lines: [] };
        hunks.push(hunk);
      } else if (hunk) hunk.lines.push(line);
    }
    const status =
      e.status === 'removed' || e.status === 'added' || e.status === 'renamed'
        ? e.status
        : e.patch === undefined && e.status !== 'modified'
          ? 'binary'
          : 'modified';
    return {
      path: e.filename,
      ...(e.previous_filename ? { previousPath: e.previous_filename } : {}),
      status: status as DiffFile['status'],
      additions: e.additions,
      deletions: e.deletions,
      hunks
    };
  });
}

/**
 * One page: files from `fileOffset` (the first from `hunkOffset`), whole hunks while they fit in
 * `maxBytes`. A hunk bigger than a whole page is cut by lines (and the cut is said). `totalFiles`
 * counts files the caller knows of beyond `files` (fallback paging); defaults to files.length.
 */
export function pageDiff(
  files: DiffFile[],
  options: { fileOffset: number; hunkOffset: number; maxBytes: number; baseFileIndex?: number; totalFiles?: number }
): DiffPage {
  const base = options.baseFileIndex ?? 0;
  const totalFiles = options.totalFiles ?? base + files.length;
  const out: string[] = [];
  const shown: DiffPage['files'] = [];
  let bytes = 0;
  let next: DiffPage['next'];
  let fileIndex = options.fileOffset - base;
  let hunkIndex = options.hunkOffset;
  let stopped = false;
  outer: for (; fileIndex < files.length; fileIndex++, hunkIndex = 0) {
    const file = files[fileIndex]!;
    const header = `diff ${file.status} ${file.previousPath ? `${file.previousPath} -> ` : ''}${file.path} (+${file.additions} -${file.deletions})${hunkIndex > 0 ? ` [hunk ${hunkIndex + 1}/${file.hunks.length}]` : ''}`;
    if (bytes + size(header) > options.maxBytes && out.length) {
      next = { fileOffset: base + fileIndex, hunkOffset: hunkIndex };
      stopped = true;
      break;
    }
    out.push(header);
    bytes += size(header);
    const first = hunkIndex;
    let truncated = false;
    for (; hunkIndex < file.hunks.length; hunkIndex++) {
      const hunk = file.hunks[hunkIndex]!;
      const text = [hunk.header, ...hunk.lines].join('\n');
      if (bytes + size(text) <= options.maxBytes) {
        out.push(text);
        bytes += size(text);
        continue;
      }
      if (hunkIndex === first && out.length === 1) {
        // Alone on the page and still too big: show what fits, say what was cut.
        const kept: string[] = [hunk.header];
        let used = bytes + size(hunk.header);
        for (const line of hunk.lines) {
          if (used + size(line) > options.maxBytes - 100) break;
          kept.push(line);
          used += size(line);
        }
        kept.push(
          `… ${hunk.lines.length - (kept.length - 1)} more lines of this hunk not shown (hunk larger than maxBytes)`
        );
        out.push(kept.join('\n'));
        bytes = used;
        truncated = true;
        hunkIndex++;
      }
      shown.push(entry(file, first, hunkIndex, truncated));
      next =
        hunkIndex < file.hunks.length
          ? { fileOffset: base + fileIndex, hunkOffset: hunkIndex }
          : { fileOffset: base + fileIndex + 1, hunkOffset: 0 };
      if (next.fileOffset >= totalFiles) next = undefined;
      stopped = true;
      break outer;
    }
    shown.push(entry(file, first, hunkIndex, truncated));
  }
  if (!stopped && !next && fileIndex < files.length) next = { fileOffset: base + fileIndex, hunkOffset: hunkIndex };
  if (!stopped && base + files.length < totalFiles) next = { fileOffset: base + files.length, hunkOffset: 0 };
  let remainingLines = 0;
  let remainingFiles = 0;
  if (next) {
    remainingFiles = totalFiles - next.fileOffset;
    for (let i = next.fileOffset - base; i < files.length; i++) {
      const f = files[i]!;
      for (let h = i === next.fileOffset - base ? next.hunkOffset : 0; h < f.hunks.length; h++)
        remainingLines += f.hunks[h]!.lines.length;
    }
  }
  return { text: out.join('\n'), files: shown, ...(next ? { next } : {}), remainingFiles, remainingLines, totalFiles };
}

function entry(file: DiffFile, from: number, to: number, truncated: boolean): DiffPage['files'][number] {
  const hunks = file.hunks.length === 0 ? '0/0' : `${Math.min(from + 1, file.hunks.length)}-${to}/${file.hunks.length}`;
  return {
    path: file.path,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    hunks,
    ...(truncated ? { truncated } : {})
  };
}

function size(text: string): number {
  return Buffer.byteLength(text) + 1;
}
