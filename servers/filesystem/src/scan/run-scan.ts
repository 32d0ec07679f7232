import { fstatSync, readSync, constants } from 'node:fs';
import { join } from 'node:path';
import { looksBinary } from '../fs/binary.js';
import { globMatcher } from './filters.js';
import { compileQuery, searchText, type CompiledQuery } from './grep.js';
import type {
  FindJob,
  FindResult,
  GrepJob,
  GrepMatch,
  GrepResult,
  ScanRequest,
  ScanResult,
  ScanStats,
  StopReason,
  TreeEntry,
  TreeJob,
  TreeResult
} from './types.js';
import { DescriptorLedger, walkTree, type WalkControl } from './walk.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
const PROGRESS_EVERY = 5000;

export interface ScanHooks {
  shouldStop(): StopReason | undefined;
  progress(entries: number): void;
  descriptors?: DescriptorLedger;
}

/**
 * Runs one scan to completion, synchronously. Meant for a worker thread, which the caller can
 * terminate if a pattern runs away, but callable directly in tests.
 */
export function runScan({ start, job }: ScanRequest, hooks: ScanHooks): ScanResult {
  const stats: ScanStats = { entries: 0, unreadableDirectories: 0, depthLimited: false };
  if ('fileDescriptor' in start) {
    if (job.kind !== 'grep') throw new Error(`a ${job.kind} scan needs a directory to start from`);
    return grepFiles(job, compileQuery(job), stats, (visit) => void visit('', start.fileDescriptor));
  }
  let sinceProgress = 0;
  const control: WalkControl = {
    prefix: start.directory,
    descriptors: hooks.descriptors ?? new DescriptorLedger(),
    stats,
    shouldStop() {
      if (++sinceProgress >= PROGRESS_EVERY) {
        sinceProgress = 0;
        hooks.progress(stats.entries);
      }
      return hooks.shouldStop();
    }
  };
  switch (job.kind) {
    case 'tree':
      return tree(job, control);
    case 'find':
      return find(job, control);
    case 'grep':
      return grepFiles(job, compileQuery(job), stats, (visit) => grepWalk(job, control, visit));
  }
}

function tree(job: TreeJob, control: WalkControl): TreeResult {
  const entries: TreeEntry[] = [];
  let total = 0;
  for (const { path, type, depth } of walkTree(job, control)) {
    if (total >= job.offset && entries.length < job.limit) entries.push({ path, type, depth });
    total++;
  }
  return { kind: 'tree', entries, total, stats: control.stats };
}

function find(job: FindJob, control: WalkControl): FindResult {
  const matches: FindResult['matches'] = [];
  const matcher = globMatcher([job.pattern], job.ignoreCase);
  let total = 0;
  for (const { path, name, type } of walkTree(job, control)) {
    if (job.type !== 'any' && type !== job.type) continue;
    if (!matcher(path, name)) continue;
    if (total >= job.offset && matches.length < job.limit) matches.push({ path, type });
    total++;
  }
  return { kind: 'find', matches, total, stats: control.stats };
}

/** Hands each regular file of the walk that the include globs admit to `visit`, open. */
function grepWalk(job: GrepJob, control: WalkControl, visit: Visit): void {
  const include = job.include.length > 0 ? globMatcher(job.include) : () => true;
  for (const entry of walkTree(job, control)) {
    if (entry.type !== 'file' || !include(entry.path, entry.name)) continue;
    let fd: number;
    try {
      // O_NOFOLLOW: a file swapped for a symlink since it was listed is not read; O_NONBLOCK: nor a FIFO waited on.
      fd = control.descriptors.open(join(entry.parent, entry.name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch {
      visit(entry.path, undefined);
      continue;
    }
    try {
      if (visit(entry.path, fd) === 'stop') return;
    } finally {
      control.descriptors.close(fd);
    }
  }
}

type Visit = (path: string, fd: number | undefined) => 'stop' | undefined;

/** Searches each file `each` hands over, until `offset + limit` matches and one more are found. */
function grepFiles(job: GrepJob, query: CompiledQuery, stats: ScanStats, each: (visit: Visit) => void): GrepResult {
  const result: GrepResult = {
    kind: 'grep',
    matches: [],
    more: false,
    filesSearched: 0,
    filesMatched: 0,
    skipped: { binary: 0, tooLarge: 0, unreadable: 0 },
    stats
  };
  const wanted = job.offset + job.limit;
  let found = 0;
  let scratch = Buffer.allocUnsafe(64 * 1024);
  each((path, fd) => {
    const size = fd === undefined ? undefined : regularFileSize(fd);
    if (fd === undefined || size === undefined) {
      result.skipped.unreadable++;
      return undefined;
    }
    if (size > job.maxFileBytes) {
      result.skipped.tooLarge++;
      return undefined;
    }
    if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
    const length = readAll(fd, scratch, size);
    if (length === undefined) {
      result.skipped.unreadable++;
      return undefined;
    }
    const bytes = scratch.subarray(0, length);
    if (looksBinary(bytes)) {
      result.skipped.binary++;
      return undefined;
    }
    result.filesSearched++;
    if (query.needle && bytes.indexOf(query.needle) < 0) return undefined;
    // Ask for one hit past what is wanted, to know whether more exist.
    const hits = searchText(bytes.toString('utf8'), query.regex, {
      contextLines: job.contextLines,
      limit: wanted + 1 - found
    });
    if (hits.length === 0) return undefined;
    result.filesMatched++;
    for (const hit of hits) {
      if (found >= wanted) {
        result.more = true;
        return 'stop';
      }
      if (found >= job.offset) result.matches.push({ path, ...hit } satisfies GrepMatch);
      found++;
    }
    return undefined;
  });
  return result;
}

function regularFileSize(fd: number): number | undefined {
  try {
    const info = fstatSync(fd);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

function readAll(fd: number, buffer: Buffer, size: number): number | undefined {
  let length = 0;
  try {
    while (length < size) {
      const read = readSync(fd, buffer, length, size - length, length);
      if (read === 0) break;
      length += read;
    }
  } catch {
    return undefined;
  }
  return length;
}
