import { closeSync, constants, openSync, renameSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScan } from '../../src/scan/run-scan.js';
import type { FindResult, GrepJob, GrepResult, ScanJob, ScanResult, TreeResult } from '../../src/scan/types.js';
import { DescriptorLedger, walkTree } from '../../src/scan/walk.js';

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'fs-walk-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(join(root, 'src', 'deep', 'deeper'), { recursive: true });
  await mkdir(join(root, 'node_modules', 'pkg'), { recursive: true });
  await mkdir(join(root, '.git'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'README.md'), 'hello needle\n');
  await writeFile(join(root, '.env'), 'needle=1\n');
  await writeFile(join(root, 'src', 'a.ts'), 'const needle = 1;\nconst other = 2;\n');
  await writeFile(join(root, 'src', 'b.TS'), 'NEEDLE\n');
  await writeFile(join(root, 'src', 'deep', 'c.ts'), 'needle needle\n');
  await writeFile(join(root, 'src', 'deep', 'deeper', 'd.ts'), 'needle\n');
  await writeFile(join(root, 'node_modules', 'pkg', 'index.js'), 'needle\n');
  await writeFile(join(root, '.git', 'HEAD'), 'needle\n');
  await writeFile(join(root, 'image.bin'), Buffer.from([0x6e, 0x65, 0x65, 0x64, 0x6c, 0x65, 0, 1]));
  await writeFile(join(outside, 'secret.ts'), 'needle TOP-SECRET\n');
  await symlink(outside, join(root, 'link-out'));
  await symlink(join(outside, 'secret.ts'), join(root, 'src', 'secret-link.ts'));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const walk = { maxDepth: 100, exclude: [] as string[], respectGitignore: false, maxEntries: 100_000 };

/** Runs a scan from `root`, through /proc (as the server does) or by real path. */
function scan<R extends ScanResult>(
  job: ScanJob,
  viaProc = true,
  hooks: Partial<Parameters<typeof runScan>[1]> = {}
): R {
  const fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    return runScan(
      { start: { directory: viaProc ? `/proc/self/fd/${fd}` : root }, job },
      { shouldStop: () => undefined, progress: () => undefined, ...hooks }
    ) as R;
  } finally {
    closeSync(fd);
  }
}

const tree = (options: Partial<typeof walk> = {}, viaProc = true) =>
  scan<TreeResult>({ kind: 'tree', ...walk, ...options, offset: 0, limit: 1000 }, viaProc).entries.map(
    (e) => `${e.path}${e.type === 'directory' ? '/' : e.type === 'symlink' ? '@' : ''}`
  );
const grep = (options: Partial<GrepJob> = {}) =>
  scan<GrepResult>({
    kind: 'grep',
    ...walk,
    pattern: 'needle',
    regex: false,
    ignoreCase: false,
    include: [],
    contextLines: 0,
    offset: 0,
    limit: 100,
    maxFileBytes: 1_000_000,
    ...options
  });

describe('tree walk', () => {
  it.each([true, false])(
    'lists depth-first in name order, links listed but never entered (via /proc: %s)',
    (viaProc) => {
      expect(tree({}, viaProc)).toEqual([
        '.env',
        '.git/',
        '.git/HEAD',
        'README.md',
        'image.bin',
        'link-out@',
        'node_modules/',
        'node_modules/pkg/',
        'node_modules/pkg/index.js',
        'src/',
        'src/a.ts',
        'src/b.TS',
        'src/deep/',
        'src/deep/c.ts',
        'src/deep/deeper/',
        'src/deep/deeper/d.ts',
        'src/secret-link.ts@'
      ]);
    }
  );

  it('stops at maxDepth and says so', () => {
    const result = scan<TreeResult>({ kind: 'tree', ...walk, maxDepth: 1, offset: 0, limit: 100 });
    expect(result.entries.map((e) => e.path)).toEqual([
      '.env',
      '.git',
      'README.md',
      'image.bin',
      'link-out',
      'node_modules',
      'src'
    ]);
    expect(result.stats.depthLimited).toBe(true);
  });

  it('excludes by name at any depth or by relative path, pruning directories', () => {
    expect(tree({ exclude: ['node_modules', '.*', 'deep'] })).toEqual([
      'README.md',
      'image.bin',
      'link-out@',
      'src/',
      'src/a.ts',
      'src/b.TS',
      'src/secret-link.ts@'
    ]);
    // A trailing slash, as in .gitignore, still names the directory.
    expect(tree({ exclude: ['node_modules/', '.*', 'src/deep/'] })).toEqual(
      tree({ exclude: ['node_modules', '.*', 'src/deep'] })
    );
    expect(tree({ exclude: ['node_modules/'] })).not.toContain('node_modules/');
    // `**` matches zero levels too, so src/deep/** prunes src/deep itself.
    expect(tree({ exclude: ['src/deep/**', 'src/*.ts'] }).filter((p) => p.startsWith('src'))).toEqual([
      'src/',
      'src/b.TS'
    ]);
  });

  it('honours nested .gitignore files and skips .git', async () => {
    await writeFile(join(root, '.gitignore'), 'node_modules/\n*.bin\n');
    await writeFile(join(root, 'src', '.gitignore'), 'deeper/\n!keep.bin\n');
    await writeFile(join(root, 'src', 'keep.bin'), 'x');
    expect(tree({ respectGitignore: true })).toEqual([
      '.env',
      '.gitignore',
      'README.md',
      'link-out@',
      'src/',
      'src/.gitignore',
      'src/a.ts',
      'src/b.TS',
      'src/deep/',
      'src/deep/c.ts',
      'src/keep.bin',
      'src/secret-link.ts@'
    ]);
  });

  it('pages with offset and limit while counting everything', () => {
    const result = scan<TreeResult>({ kind: 'tree', ...walk, offset: 3, limit: 2 });
    expect(result.entries.map((e) => e.path)).toEqual(['README.md', 'image.bin']);
    expect(result.total).toBe(17);
  });

  it('stops when asked, or at the entry limit, with partial results', () => {
    let polls = 0;
    const stopped = scan<TreeResult>({ kind: 'tree', ...walk, offset: 0, limit: 100 }, true, {
      shouldStop: () => (++polls > 3 ? 'time limit' : undefined)
    });
    expect(stopped.stats.stopped).toBe('time limit');
    expect(stopped.entries).toHaveLength(3);
    const limited = scan<TreeResult>({ kind: 'tree', ...walk, maxEntries: 5, offset: 0, limit: 100 });
    expect(limited.stats.stopped).toBe('entry limit');
    expect(limited.total).toBe(5);
  });

  it.each([true, false])(
    'does not enter a directory swapped for a symlink after it was listed (via /proc: %s)',
    (viaProc) => {
      const fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
      const seen: string[] = [];
      try {
        const control = {
          prefix: viaProc ? `/proc/self/fd/${fd}` : root,
          shouldStop: () => undefined,
          descriptors: new DescriptorLedger(),
          stats: { entries: 0, unreadableDirectories: 0, depthLimited: false }
        };
        for (const entry of walkTree(walk, control)) {
          seen.push(entry.path);
          if (entry.path === 'src') {
            // Between listing and entering: the directory becomes a link to outside.
            renameSync(join(root, 'src'), join(root, 'src-moved'));
            symlinkSync(outside, join(root, 'src'));
          }
        }
        expect(seen.filter((path) => path.startsWith('src/'))).toEqual([]);
        expect(control.stats.unreadableDirectories).toBe(1);
      } finally {
        closeSync(fd);
      }
    }
  );

  it('records open descriptors in the ledger and clears them when done', () => {
    const slots = new Int32Array(8).fill(-1);
    const fd = openSync(root, constants.O_RDONLY | constants.O_DIRECTORY);
    try {
      const control = {
        prefix: `/proc/self/fd/${fd}`,
        shouldStop: () => undefined,
        descriptors: new DescriptorLedger(slots),
        stats: { entries: 0, unreadableDirectories: 0, depthLimited: false }
      };
      let deepest = 0;
      for (const entry of walkTree(walk, control)) {
        if (entry.path === 'src/deep/deeper/d.ts') deepest = slots.filter((slot) => slot >= 0).length;
      }
      expect(deepest).toBe(3);
      expect([...slots]).toEqual(new Array(8).fill(-1));
    } finally {
      closeSync(fd);
    }
  });
});

describe('find', () => {
  const find = (pattern: string, options: { type?: 'any' | 'file' | 'directory'; ignoreCase?: boolean } = {}) =>
    scan<FindResult>({
      kind: 'find',
      ...walk,
      pattern,
      type: options.type ?? 'any',
      ignoreCase: options.ignoreCase ?? false,
      offset: 0,
      limit: 100
    }).matches.map((m) => m.path);

  it('matches names at any depth without a slash, relative paths with one', () => {
    expect(find('*.ts')).toEqual(['src/a.ts', 'src/deep/c.ts', 'src/deep/deeper/d.ts', 'src/secret-link.ts']);
    expect(find('src/*.ts')).toEqual(['src/a.ts', 'src/secret-link.ts']);
    expect(find('**/deep*', { type: 'directory' })).toEqual(['src/deep', 'src/deep/deeper']);
    expect(find('*.ts', { ignoreCase: true })).toContain('src/b.TS');
    expect(find('{README,.env}*')).toEqual(['.env', 'README.md']);
  });
});

describe('grep', () => {
  it('searches text files only, never through links, and counts what it skipped', () => {
    const result = grep();
    expect(result.matches.map((m) => `${m.path}:${m.line}`)).toEqual([
      '.env:1',
      '.git/HEAD:1',
      'README.md:1',
      'node_modules/pkg/index.js:1',
      'src/a.ts:1',
      'src/deep/c.ts:1',
      'src/deep/deeper/d.ts:1'
    ]);
    expect(result.skipped).toEqual({ binary: 1, tooLarge: 0, unreadable: 0 });
    expect(JSON.stringify(result)).not.toContain('TOP-SECRET');
  });

  it('filters with include globs and gitignore; ignoreCase is for the pattern, not the globs', async () => {
    await writeFile(join(root, '.gitignore'), 'node_modules\n');
    expect(grep({ include: ['*.ts'], ignoreCase: true, respectGitignore: true }).matches.map((m) => m.path)).toEqual([
      'src/a.ts',
      'src/deep/c.ts',
      'src/deep/deeper/d.ts'
    ]);
    expect(grep({ include: ['*.TS'], ignoreCase: true }).matches.map((m) => m.text)).toEqual(['NEEDLE']);
  });

  it('skips files over the size limit', () => {
    expect(grep({ maxFileBytes: 10 }).skipped.tooLarge).toBeGreaterThan(0);
  });

  it('pages: offset skips matches, more says whether others follow', () => {
    const first = grep({ limit: 2 });
    expect(first.matches.map((m) => m.path)).toEqual(['.env', '.git/HEAD']);
    expect(first.more).toBe(true);
    const last = grep({ offset: 6, limit: 5 });
    expect(last.matches.map((m) => m.path)).toEqual(['src/deep/deeper/d.ts']);
    expect(last.more).toBe(false);
  });

  it('searches a single file given as the start', () => {
    const fd = openSync(join(root, 'src', 'a.ts'), 'r');
    try {
      const result = runScan(
        {
          start: { fileDescriptor: fd },
          job: {
            kind: 'grep',
            ...walk,
            pattern: 'other',
            regex: false,
            ignoreCase: false,
            include: [],
            contextLines: 1,
            offset: 0,
            limit: 10,
            maxFileBytes: 1000
          }
        },
        { shouldStop: () => undefined, progress: () => undefined }
      ) as GrepResult;
      expect(result.matches).toEqual([
        { path: '', line: 2, column: 7, text: 'const other = 2;', before: ['const needle = 1;'], after: [] }
      ]);
    } finally {
      closeSync(fd);
    }
  });
});
