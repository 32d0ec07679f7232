import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnStdioServer, type SpawnedStdioServer } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { benchmarkTree, FILE_COUNT, NEEDLE } from './tree.js';

// `pnpm bench`: times this server against the reference @modelcontextprotocol/server-filesystem
// on a tree of 100,000 files, both spawned over stdio in the same run and driven by the same MCP
// client, and reports the ratio and each process's peak RSS. Numbers are printed, never asserted.

const ours = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const reference = join(
  dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/package.json')),
  'dist',
  'index.js'
);
const RUNS = 3;
const LONG = { timeout: 30 * 60_000 };

let root: string;
let mine: SpawnedStdioServer;
let theirs: SpawnedStdioServer;

beforeAll(async () => {
  root = await benchmarkTree();
  // Results up to 2 MB, so a page of 10,000 paths is not cut to the default 100 KB: the reference
  // answers with every path at once, and the pages should be comparable.
  mine = await spawnStdioServer(process.execPath, [ours, '--max-result-bytes', '2000000', root], {
    env: { LOG_LEVEL: 'warning' }
  });
  theirs = await spawnStdioServer(process.execPath, [reference, root]);
});

afterAll(async () => {
  await mine?.close();
  await theirs?.close();
});

/** Median wall time of RUNS calls (after one warm-up), in ms. */
async function time(
  server: SpawnedStdioServer,
  name: string,
  args: Record<string, unknown>
): Promise<{ ms: number; bytes: number }> {
  const once = async () => {
    const started = performance.now();
    const result = await server.client.callTool({ name, arguments: args }, LONG);
    const ms = performance.now() - started;
    expect(result.isError, JSON.stringify(result.content).slice(0, 300)).toBeFalsy();
    return { ms, bytes: JSON.stringify(result).length };
  };
  await once();
  const runs: Array<{ ms: number; bytes: number }> = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(RUNS / 2)]!;
}

/** Peak resident set size of a process so far (VmHWM), in MB. */
function peakRssMb(server: SpawnedStdioServer): number {
  const status = readFileSync(`/proc/${server.transport.process!.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

it(`compares with the reference on ${FILE_COUNT.toLocaleString('en-US')} files`, async () => {
  const rows: string[][] = [];
  const compare = async (
    label: string,
    ourCall: [string, Record<string, unknown>],
    theirCall: [string, Record<string, unknown>]
  ) => {
    const a = await time(mine, ...ourCall);
    const b = await time(theirs, ...theirCall);
    rows.push([
      label,
      fmt(a.ms),
      fmt(b.ms),
      `${(b.ms / a.ms).toFixed(1)}×`,
      `${(a.bytes / 1024).toFixed(0)} KB`,
      `${(b.bytes / 1024).toFixed(0)} KB`
    ]);
  };
  await compare(
    'search_files *.ts (10,000 matches; ours: first page of 200)',
    ['search_files', { path: root, pattern: '*.ts' }],
    ['search_files', { path: root, pattern: '**/*.ts' }]
  );
  await compare(
    'search_files *.ts (ours: page of 10,000)',
    ['search_files', { path: root, pattern: '*.ts', limit: 10_000 }],
    ['search_files', { path: root, pattern: '**/*.ts' }]
  );
  await compare(
    'directory_tree, whole tree (ours: first page of 1,000, total counted)',
    ['directory_tree', { path: root, maxDepth: 100 }],
    ['directory_tree', { path: root }]
  );
  await compare(
    'directory_tree, whole tree (ours: page of 10,000)',
    ['directory_tree', { path: root, maxDepth: 100, limit: 10_000 }],
    ['directory_tree', { path: root }]
  );

  // The reference has no content search: ours alone, with grep -r on the same tree as a yardstick.
  const grepBaseline = (args: string[]) => {
    const started = performance.now();
    try {
      execFileSync('grep', args, { stdio: 'ignore', maxBuffer: 1 << 30 });
    } catch {
      // grep exits 1 when nothing matches
    }
    return performance.now() - started;
  };
  const contents: Array<[string, Record<string, unknown>, string[]]> = [
    [
      'search_file_contents literal, 1,000 matches (first 100)',
      { path: root, pattern: NEEDLE },
      ['-rn', '-m', '1', NEEDLE, root]
    ],
    [
      'search_file_contents literal, no match (reads every file)',
      { path: root, pattern: 'NOT_PRESENT_ANYWHERE' },
      ['-rn', 'NOT_PRESENT_ANYWHERE', root]
    ],
    [
      'search_file_contents regex, ignore case, no match',
      { path: root, pattern: 'not_present_\\d+x', regex: true, ignoreCase: true },
      ['-rniE', 'not_present_[0-9]+x', root]
    ]
  ];
  for (const [label, args, grepArgs] of contents) {
    const a = await time(mine, 'search_file_contents', args);
    const g = Math.min(grepBaseline(grepArgs), grepBaseline(grepArgs));
    rows.push([label, fmt(a.ms), `grep -r: ${fmt(g)}`, '—', `${(a.bytes / 1024).toFixed(0)} KB`, '—']);
  }

  const header = ['operation', 'ours', 'reference', 'speed-up', 'ours output', 'reference output'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(
    [
      '',
      `Tree: ${FILE_COUNT.toLocaleString('en-US')} files in 1,110 directories at ${root}; median of ${RUNS} runs after a warm-up; Node ${process.version}; ours with --max-result-bytes 2000000.`,
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      '',
      `Peak RSS (VmHWM): ours ${peakRssMb(mine).toFixed(0)} MB, reference ${peakRssMb(theirs).toFixed(0)} MB`,
      ''
    ].join('\n')
  );
});
