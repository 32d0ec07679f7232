import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where a server keeps its SQLite file when the operator names none:
 * `$XDG_DATA_HOME/mcp-catalog/<server>.db`, else `~/.local/share/mcp-catalog/<server>.db`.
 * One rule for every server, so an operator finds every store in one folder.
 */
export function defaultDatabasePath(server: string, env: Record<string, string | undefined> = process.env): string {
  const dataHome = env.XDG_DATA_HOME || path.join(env.HOME || homedir(), '.local', 'share');
  return path.join(dataHome, 'mcp-catalog', `${server}.db`);
}

export interface AdoptedDatabase {
  from: string;
  to: string;
}

/**
 * Moves a store from where an earlier version kept it to `target`, with its -wal and -shm files,
 * when `target` does not exist yet and exactly one old file does. Returns what moved, so the
 * server can log a notice; nothing happens when the operator chose the path or nothing is there.
 */
export function adoptLegacyDatabase(target: string, legacyPaths: readonly string[]): AdoptedDatabase | undefined {
  if (target === ':memory:' || existsSync(target)) return undefined;
  const found = legacyPaths.filter((candidate) => candidate !== target && existsSync(candidate));
  if (found.length !== 1) return undefined;
  const from = found[0]!;
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  // The main file last: a crash midway leaves the old location complete, and it is adopted next start.
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(from + suffix)) renameSync(from + suffix, target + suffix);
  }
  renameSync(from, target);
  return { from, to: target };
}
