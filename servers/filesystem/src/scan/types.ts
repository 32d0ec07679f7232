import type { EntryType } from '../fs/entry-type.js';

/** How a walk below the start directory is bounded and filtered. */
export interface WalkSettings {
  /** Levels listed below the start: 1 lists only its own entries. */
  maxDepth: number;
  /** Globs of paths not to list or enter; a glob without `/` matches a name at any depth. */
  exclude: string[];
  /** Skip what `.gitignore` files (at and below the start) ignore, and `.git` itself. */
  respectGitignore: boolean;
  /** Most entries visited before the walk stops. */
  maxEntries: number;
}

export interface TreeJob extends WalkSettings {
  kind: 'tree';
  offset: number;
  limit: number;
}

export interface FindJob extends WalkSettings {
  kind: 'find';
  pattern: string;
  ignoreCase: boolean;
  type: 'any' | 'file' | 'directory';
  offset: number;
  limit: number;
}

export interface GrepJob extends WalkSettings {
  kind: 'grep';
  pattern: string;
  regex: boolean;
  ignoreCase: boolean;
  /** Globs a file must match to be searched (empty: every file). */
  include: string[];
  contextLines: number;
  offset: number;
  limit: number;
  maxFileBytes: number;
}

export type ScanJob = TreeJob | FindJob | GrepJob;

/**
 * Where a scan starts: a directory or file the caller opened and verified with the path guard,
 * and keeps open until the scan ends. Descriptors are per process, so the worker thread uses
 * them as they are; it never resolves a user path itself.
 */
export type ScanStart =
  | {
      /** Names the directory: `/proc/self/fd/N` of the caller's descriptor, or its real path without /proc. */
      directory: string;
    }
  | {
      /** Descriptor of a regular file (grep only). */
      fileDescriptor: number;
    };

export interface ScanRequest {
  start: ScanStart;
  job: ScanJob;
}

/** Why a scan ended before it had seen everything. */
export type StopReason = 'time limit' | 'entry limit' | 'cancelled';

export interface ScanStats {
  entries: number;
  unreadableDirectories: number;
  /** Directories at maxDepth that were listed but not entered. */
  depthLimited: boolean;
  stopped?: StopReason;
}

/** Paths in results are relative to the start ('' is the start itself). */
export interface TreeEntry {
  path: string;
  type: EntryType;
  depth: number;
}

export interface TreeResult {
  kind: 'tree';
  entries: TreeEntry[];
  total: number;
  stats: ScanStats;
}

export interface FindResult {
  kind: 'find';
  matches: Array<{ path: string; type: EntryType }>;
  total: number;
  stats: ScanStats;
}

export interface LineHit {
  line: number;
  column: number;
  text: string;
  before: string[];
  after: string[];
}

export interface GrepMatch extends LineHit {
  path: string;
}

export interface GrepResult {
  kind: 'grep';
  matches: GrepMatch[];
  /** More matches exist after the ones returned. */
  more: boolean;
  filesSearched: number;
  filesMatched: number;
  skipped: { binary: number; tooLarge: number; unreadable: number };
  stats: ScanStats;
}

export type ScanResult = TreeResult | FindResult | GrepResult;
