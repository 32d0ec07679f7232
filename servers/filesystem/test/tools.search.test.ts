import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, connect, expectRefused, makeSandbox, type CallResult, type Sandbox, type Session } from './helpers.js';

let box: Sandbox;
let session: Session;

beforeEach(async () => {
  box = await makeSandbox();
  await mkdir(join(box.root, 'src', 'lib'), { recursive: true });
  await mkdir(join(box.root, 'node_modules', 'dep'), { recursive: true });
  await writeFile(join(box.root, '.gitignore'), 'build/\n');
  await mkdir(join(box.root, 'build'));
  await writeFile(join(box.root, 'build', 'out.js'), 'const TODO = "built";\n');
  await writeFile(join(box.root, 'README.md'), '# Project\nTODO: write docs\n');
  await writeFile(join(box.root, 'src', 'main.ts'), 'import x from "./lib";\n// TODO refactor\nexport const y = 1;\n');
  await writeFile(join(box.root, 'src', 'lib', 'util.ts'), 'export function todo() {}\n');
  await writeFile(join(box.root, 'node_modules', 'dep', 'index.js'), '// TODO upstream\n');
  await writeFile(join(box.root, 'data.bin'), Buffer.from([84, 79, 68, 79, 0, 1]));
  await symlink(box.outside, join(box.root, 'escape'));
  session = await connect([box.root]);
});

afterEach(async () => {
  await session?.close();
  await box.cleanup();
});

const client = () => session.client;

interface Hit {
  path: string;
  line: number;
  column: number;
  text: string;
}

/** The matching lines of a search_file_contents result, each with its file's path. */
const hits = (result: CallResult): Hit[] =>
  (result.structured.files as Array<{ path: string; matches: Omit<Hit, 'path'>[] }>).flatMap((file) =>
    file.matches.map((match) => ({ path: file.path, ...match }))
  );

describe('directory_tree', () => {
  it('shows an indented tree with totals, never entering links', async () => {
    const result = await call(client(), 'directory_tree', {
      path: '.',
      exclude: ['node_modules'],
      respectGitignore: false
    });
    expect(result.text).toContain(
      `${box.root}/\n  .gitignore\n  README.md\n  build/\n    out.js\n  data.bin\n  escape@\n  src/\n    lib/\n      util.ts\n    main.ts`
    );
    expect(result.structured).toMatchObject({ path: box.root, total: 10, depthLimited: false });
    expect(result.text).not.toContain('secret');
  });

  it('limits depth, respects .gitignore by default, and pages', async () => {
    const shallow = await call(client(), 'directory_tree', { path: '.', maxDepth: 1 });
    expect(shallow.structured.entries).toEqual([
      '.gitignore',
      'README.md',
      'data.bin',
      'escape@',
      'node_modules/',
      'src/'
    ]);
    expect(shallow.structured.depthLimited).toBe(true);
    expect(shallow.text).toMatch(/not expanded; raise maxDepth/);
    const page = await call(client(), 'directory_tree', { path: '.', offset: 2, limit: 3, respectGitignore: false });
    expect(page.structured).toMatchObject({ total: 13, nextOffset: 5 });
    expect(page.text).toContain('pass offset=5 for more');
  });

  it('reports progress on big trees', async () => {
    await mkdir(join(box.root, 'many'));
    await Promise.all(Array.from({ length: 6000 }, (_, i) => writeFile(join(box.root, 'many', `f${i}`), '')));
    const progress: number[] = [];
    const result = await client().callTool(
      { name: 'directory_tree', arguments: { path: 'many', limit: 1 } },
      { onprogress: (p) => progress.push(p.progress) }
    );
    expect(result.structuredContent).toMatchObject({ total: 6000 });
    expect(progress.length).toBeGreaterThan(0);
  });

  it('stops at --max-scan-entries and says the result is partial', async () => {
    await session.close();
    session = await connect([box.root, '--max-scan-entries', '100']);
    await mkdir(join(box.root, 'many'));
    await Promise.all(Array.from({ length: 300 }, (_, i) => writeFile(join(box.root, 'many', `f${i}`), '')));
    const result = await call(client(), 'directory_tree', { path: 'many' });
    expect(result.structured.stats.stoppedEarly).toBe('entry limit');
    expect(result.text).toMatch(/stopped after visiting 100 entries/);
  });

  it('cuts a page to fit one result, keeping the note that says how to continue', async () => {
    await session.close();
    session = await connect([box.root, '--max-result-bytes', '3000']);
    await mkdir(join(box.root, 'many'));
    await Promise.all(Array.from({ length: 300 }, (_, i) => writeFile(join(box.root, 'many', `file-${i}.txt`), '')));
    const first = await call(client(), 'directory_tree', { path: 'many', limit: 10_000 });
    expect(Buffer.byteLength(first.text)).toBeLessThanOrEqual(3000);
    const { nextOffset } = first.structured;
    expect(first.structured.entries).toHaveLength(nextOffset);
    expect(first.text).toContain(`pass offset=${nextOffset} for more`);
    const second = await call(client(), 'directory_tree', { path: 'many', offset: nextOffset, limit: 10_000 });
    expect(second.structured.entries[0]).not.toBe(first.structured.entries.at(-1));
    expect(second.text).toContain(`showing ${nextOffset + 1}-`);
  });

  it('says when offset is past the end', async () => {
    const past = await call(client(), 'directory_tree', { path: 'src', offset: 50 });
    expect(past.structured.entries).toEqual([]);
    expect(past.text).toContain('[3 entries below');
    expect(past.text).toContain('offset 50 is past the end');
  });

  it.each([
    [{}, /"path": required/],
    [{ path: 'README.md' }, /is not a directory/],
    [{ path: 'escape' }, /symbolic link that points outside/],
    [{ path: '..' }, /outside the allowed directories/],
    [{ path: '.', maxDepth: 0 }, /"maxDepth"/],
    [{ path: '.', maxDepth: 101 }, /"maxDepth"/],
    [{ path: '.', exclude: 'node_modules' }, /"exclude"/],
    [{ path: '.', exclude: [''] }, /"exclude.0"/],
    [{ path: '.', exclude: Array.from({ length: 101 }, () => 'x') }, /"exclude"/],
    [{ path: '.', respectGitignore: 1 }, /"respectGitignore"/],
    [{ path: '.', limit: 10_001 }, /"limit"/],
    [{ path: '.', offset: -1 }, /"offset"/]
  ])('refuses %j', async (args, message) => {
    expectRefused(await call(client(), 'directory_tree', args), message);
  });
});

describe('search_files', () => {
  it('finds names at any depth, paths with a slash, by type and case', async () => {
    const ts = await call(client(), 'search_files', { path: '.', pattern: '*.ts' });
    expect(ts.structured.matches).toEqual([join(box.root, 'src', 'lib', 'util.ts'), join(box.root, 'src', 'main.ts')]);
    expect(ts.text).toContain(`${join(box.root, 'src', 'main.ts')}\n[2 matches]`);
    expect((await call(client(), 'search_files', { path: '.', pattern: 'src/*' })).structured.total).toBe(2);
    expect(
      (
        await call(client(), 'search_files', {
          path: '.',
          pattern: '*',
          type: 'directory',
          exclude: ['node_modules'],
          respectGitignore: false
        })
      ).structured.matches
    ).toEqual(['build/', 'src/', 'src/lib/'].map((p) => `${box.root}/${p}`));
    expect(
      (await call(client(), 'search_files', { path: '.', pattern: 'readme.MD', ignoreCase: true })).structured.total
    ).toBe(1);
    expect(
      (await call(client(), 'search_files', { path: '.', pattern: '*.js', respectGitignore: true })).structured.total
    ).toBe(1);
  });

  it('pages, and says when nothing matches', async () => {
    const page = await call(client(), 'search_files', { path: '.', pattern: '*', limit: 2, offset: 1 });
    expect(page.structured.matches).toHaveLength(2);
    expect(page.structured.nextOffset).toBe(3);
    const none = await call(client(), 'search_files', { path: 'src', pattern: '*.py' });
    expect(none.text).toContain(`no entry below ${join(box.root, 'src')} matches "*.py"`);
  });

  it('cuts a page to fit one result, keeping the note that says how to continue', async () => {
    await session.close();
    session = await connect([box.root, '--max-result-bytes', '3000']);
    await mkdir(join(box.root, 'many'));
    await Promise.all(Array.from({ length: 300 }, (_, i) => writeFile(join(box.root, 'many', `file-${i}.txt`), '')));
    const first = await call(client(), 'search_files', { path: 'many', pattern: '*.txt', limit: 10_000 });
    expect(Buffer.byteLength(first.text)).toBeLessThanOrEqual(3000);
    const { nextOffset } = first.structured;
    expect(first.structured).toMatchObject({ total: 300 });
    expect(first.structured.matches).toHaveLength(nextOffset);
    expect(first.text).toContain(`[300 matches; showing 1-${nextOffset}]\n[pass offset=${nextOffset} for more`);
  });

  it.each([
    [{ path: '.' }, /"pattern": required/],
    [{ path: '.', pattern: '' }, /"pattern": must not be empty/],
    [{ path: '.', pattern: 'x'.repeat(501) }, /at most 500 characters/],
    [{ pattern: '*' }, /"path": required/],
    [{ path: 'src/main.ts', pattern: '*' }, /is not a directory/],
    [{ path: '/', pattern: '*' }, /outside the allowed directories/],
    [{ path: '.', pattern: '*', type: 'socket' }, /"type"/],
    [{ path: '.', pattern: '*', ignoreCase: 'no' }, /"ignoreCase"/],
    [{ path: '.', pattern: '*', maxDepth: 1000 }, /"maxDepth"/],
    [{ path: '.', pattern: '*', exclude: [7] }, /"exclude.0"/],
    [{ path: '.', pattern: '*', respectGitignore: 'true' }, /"respectGitignore"/],
    [{ path: '.', pattern: '*', offset: 0.5 }, /"offset"/],
    [{ path: '.', pattern: '*', limit: 0 }, /"limit"/]
  ])('refuses %j', async (args, message) => {
    expectRefused(await call(client(), 'search_files', args), message);
  });
});

describe('search_file_contents', () => {
  it('finds literal text with line numbers, skipping binaries, ignored files and links', async () => {
    const result = await call(client(), 'search_file_contents', { path: '.', pattern: 'TODO' });
    expect(hits(result).map((m) => `${m.path}:${m.line}`)).toEqual([
      `${join(box.root, 'README.md')}:2`,
      `${join(box.root, 'node_modules', 'dep', 'index.js')}:1`,
      `${join(box.root, 'src', 'main.ts')}:2`
    ]);
    expect(result.structured.skipped).toEqual({ binary: 1, tooLarge: 0, unreadable: 0 });
    expect(result.text).toContain(`${join(box.root, 'src', 'main.ts')}\n  2:4: // TODO refactor`);
    expect(result.text).toContain('skipped files: 1 binary');
  });

  it('supports regex, ignoreCase, include/exclude globs, context lines and a single file', async () => {
    const regex = await call(client(), 'search_file_contents', {
      path: '.',
      pattern: '^export (const|function)',
      regex: true,
      include: ['*.ts']
    });
    expect(hits(regex).map((m) => m.text)).toEqual(['export function todo() {}', 'export const y = 1;']);
    const loose = await call(client(), 'search_file_contents', {
      path: '.',
      pattern: 'todo',
      ignoreCase: true,
      exclude: ['node_modules', '*.md'],
      respectGitignore: false
    });
    expect(loose.structured.filesMatched).toBe(3);
    const context = await call(client(), 'search_file_contents', {
      path: 'src/main.ts',
      pattern: 'TODO',
      contextLines: 1
    });
    expect(context.structured.files).toEqual([
      {
        path: join(box.root, 'src', 'main.ts'),
        matches: [
          {
            line: 2,
            column: 4,
            text: '// TODO refactor',
            before: ['import x from "./lib";'],
            after: ['export const y = 1;']
          }
        ]
      }
    ]);
    expect(context.text).toContain('  1-  import x from "./lib";\n  2:4: // TODO refactor\n  3-  export const y = 1;');
  });

  it('pages matches with offset and says more exist', async () => {
    const first = await call(client(), 'search_file_contents', { path: '.', pattern: 'TODO', limit: 2 });
    expect(first.structured).toMatchObject({ nextOffset: 2 });
    expect(first.text).toContain('more matches exist: pass offset=2');
    const second = await call(client(), 'search_file_contents', {
      path: '.',
      pattern: 'TODO',
      limit: 2,
      offset: 2
    });
    expect(hits(second).map((m) => m.path)).toEqual([join(box.root, 'src', 'main.ts')]);
    expect(second.structured.nextOffset).toBeUndefined();
  });

  it('cuts a page of long matches with context to fit one result, instead of failing', async () => {
    const line = (i: number) => `${'x'.repeat(300)} hit ${i}`;
    await writeFile(join(box.root, 'long.txt'), Array.from({ length: 3000 }, (_, i) => line(i)).join('\n'));
    const args = { path: 'long.txt', pattern: 'hit', contextLines: 10, limit: 1000 };
    const first = await call(client(), 'search_file_contents', args);
    expect(first.isError, first.text).toBe(false);
    expect(Buffer.byteLength(first.text)).toBeLessThanOrEqual(100_000);
    const { nextOffset } = first.structured;
    const matches = hits(first);
    expect(nextOffset).toBeDefined();
    expect(matches.length).toBeGreaterThan(0);
    expect(nextOffset).toBe(matches.length);
    expect(first.text).toContain(`more matches exist: pass offset=${nextOffset}`);
    const second = await call(client(), 'search_file_contents', { ...args, offset: nextOffset });
    expect(hits(second)[0]!.line).toBe(matches.at(-1)!.line + 1);
  });

  it('skips files over --max-file-bytes', async () => {
    await session.close();
    session = await connect([box.root, '--max-file-bytes', '1024']);
    await writeFile(join(box.root, 'huge.txt'), `${'x'.repeat(2000)}\nTODO\n`);
    const result = await call(client(), 'search_file_contents', { path: '.', pattern: 'TODO' });
    expect(result.structured.skipped.tooLarge).toBe(1);
    expect(result.text).toContain('1 too large');
  });

  it('stops a catastrophically backtracking regex at the time limit and keeps serving', async () => {
    await session.close();
    session = await connect([box.root, '--scan-timeout-seconds', '1']);
    await writeFile(join(box.root, 'evil.txt'), `${'a'.repeat(40)}!\n`);
    const started = Date.now();
    const result = await call(client(), 'search_file_contents', {
      path: 'evil.txt',
      pattern: '(a+)+$',
      regex: true,
      ignoreCase: true
    });
    expectRefused(result, /did not finish within 1 s[\s\S]*simplify the pattern/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await call(client(), 'list_allowed_directories', {})).isError).toBe(false);
  });

  it('stops when the client cancels', async () => {
    await writeFile(join(box.root, 'evil.txt'), `${'a'.repeat(40)}!\n`);
    const controller = new AbortController();
    const pending = client().callTool(
      {
        name: 'search_file_contents',
        arguments: { path: 'evil.txt', pattern: '(a+)+$', regex: true, ignoreCase: true }
      },
      { signal: controller.signal }
    );
    setTimeout(() => controller.abort(), 300);
    await expect(pending).rejects.toThrow();
    expect((await call(client(), 'search_file_contents', { path: '.', pattern: 'TODO', limit: 1 })).isError).toBe(
      false
    );
  });

  it.each([
    [{ path: '.' }, /"pattern": required/],
    [{ path: '.', pattern: '' }, /must not be empty/],
    [{ path: '.', pattern: 'x'.repeat(1001) }, /at most 1000 characters/],
    [{ path: '.', pattern: '(', regex: true }, /pattern is not a valid regular expression[\s\S]*regex: false/],
    [{ path: '.', pattern: 'x', regex: 'yes' }, /"regex"/],
    [{ path: '.', pattern: 'x', ignoreCase: 1 }, /"ignoreCase"/],
    [{ path: '.', pattern: 'x', exclude: 'node_modules' }, /"exclude"/],
    [{ path: '.', pattern: 'x', respectGitignore: null }, /"respectGitignore"/],
    [{ path: '.', pattern: 'x', maxDepth: 0 }, /"maxDepth"/],
    [{ path: '.', pattern: 'x', include: '*.ts' }, /"include"/],
    [{ path: '.', pattern: 'x', contextLines: 11 }, /"contextLines"/],
    [{ path: '.', pattern: 'x', limit: 0 }, /"limit"/],
    [{ path: '.', pattern: 'x', limit: 1001 }, /"limit"/],
    [{ path: '.', pattern: 'x', offset: -1 }, /"offset"/],
    [{ path: 'missing', pattern: 'x' }, /does not exist/],
    [{ path: 'escape', pattern: 'TOP' }, /symbolic link that points outside/],
    [{ path: '../root_evil', pattern: 'TOP' }, /outside the allowed directories/]
  ])('refuses %j', async (args, message) => {
    expectRefused(await call(client(), 'search_file_contents', args), message);
  });
});

describe('.gitignore: one default for the three walking tools (issue 14, new user #6)', () => {
  beforeEach(async () => {
    const repo = join(box.root, 'repo');
    await mkdir(join(repo, 'node_modules', 'pkg'), { recursive: true });
    await mkdir(join(repo, 'src'), { recursive: true });
    await writeFile(join(repo, '.gitignore'), 'node_modules/\n');
    await writeFile(join(repo, 'node_modules', 'pkg', 'index.ts'), 'export const TODO = 1;\n');
    await writeFile(join(repo, 'src', 'app.ts'), '// TODO ship it\n');
  });

  const ignoredPath = () => join(box.root, 'repo', 'node_modules', 'pkg', 'index.ts');

  it('is respected by default by search_files, directory_tree and search_file_contents alike', async () => {
    const found = await call(client(), 'search_files', { path: 'repo', pattern: '*.ts' });
    expect(found.structured.matches).toEqual([join(box.root, 'repo', 'src', 'app.ts')]);
    const tree = await call(client(), 'directory_tree', { path: 'repo' });
    expect(tree.structured.entries).not.toContain('node_modules/');
    expect(tree.text).not.toContain('node_modules');
    const grep = await call(client(), 'search_file_contents', { path: 'repo', pattern: 'TODO' });
    expect(hits(grep).map((m) => m.path)).toEqual([join(box.root, 'repo', 'src', 'app.ts')]);
  });

  it('is turned off by the same argument, respectGitignore: false, on all three', async () => {
    const found = await call(client(), 'search_files', { path: 'repo', pattern: '*.ts', respectGitignore: false });
    expect(found.structured.matches).toContain(ignoredPath());
    const tree = await call(client(), 'directory_tree', { path: 'repo', respectGitignore: false });
    expect(tree.structured.entries).toContain('node_modules/pkg/index.ts');
    const grep = await call(client(), 'search_file_contents', {
      path: 'repo',
      pattern: 'TODO',
      respectGitignore: false
    });
    expect(hits(grep).map((m) => m.path)).toContain(ignoredPath());
  });

  it('is declared identically (name, default, description) on all three tools', async () => {
    const { tools } = await client().listTools();
    const declared = ['search_files', 'directory_tree', 'search_file_contents'].map(
      (name) => tools.find((tool) => tool.name === name)?.inputSchema.properties?.respectGitignore
    );
    expect(declared[0]).toMatchObject({ type: 'boolean', default: true });
    expect(declared[1]).toEqual(declared[0]);
    expect(declared[2]).toEqual(declared[0]);
  });
});

describe('structured output stays lean (issue 14, new user #10)', () => {
  it('is about the size of the text for a tree, a name search and a content search', async () => {
    for (let d = 0; d < 10; d++) {
      const dir = join(box.root, 'proj', `module-${d}`, 'src', 'components');
      await mkdir(dir, { recursive: true });
      await Promise.all(
        Array.from({ length: 20 }, (_, f) => writeFile(join(dir, `widget-${f}.ts`), `import { x } from './x';\n`))
      );
    }
    const ratio = (result: CallResult) =>
      Buffer.byteLength(JSON.stringify(result.structured)) / Buffer.byteLength(result.text);
    const tree = await call(client(), 'directory_tree', { path: 'proj', maxDepth: 10 });
    const names = await call(client(), 'search_files', { path: 'proj', pattern: '*.ts' });
    const grep = await call(client(), 'search_file_contents', { path: 'proj', pattern: 'import', limit: 500 });
    expect(tree.structured.total).toBe(230);
    expect(names.structured.total).toBe(200);
    expect(hits(grep)).toHaveLength(200);
    // Before: a tree's structuredContent was over 3x its text, a content search's over 2x (an object per entry,
    // each file's path repeated per match). A tree's paths are whole where its text indents names, hence 2.
    expect(ratio(tree)).toBeLessThan(2);
    expect(ratio(names)).toBeLessThan(1.3);
    expect(ratio(grep)).toBeLessThan(1.6);
  });
});
