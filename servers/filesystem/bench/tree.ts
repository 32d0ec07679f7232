import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Shape of the benchmark tree: 10 × 10 × 10 directories of 100 files each = 100,000 files. */
export const TREE = { fanout: 10, filesPerDirectory: 100 };
export const FILE_COUNT = TREE.fanout ** 3 * TREE.filesPerDirectory;
/** One file in ten is .ts; one in a hundred holds the needle. */
export const NEEDLE = 'FIND_ME_NEEDLE';

/**
 * Builds the tree once under the system temp directory and reuses it (a marker file says it is
 * complete). Contents are small source-like text, a few hundred bytes each.
 */
export async function benchmarkTree(): Promise<string> {
  const root = join(tmpdir(), `mcp-fs-bench-${FILE_COUNT}`);
  const marker = join(root, '.complete');
  if (existsSync(marker)) return root;
  let n = 0;
  for (let a = 0; a < TREE.fanout; a++) {
    for (let b = 0; b < TREE.fanout; b++) {
      for (let c = 0; c < TREE.fanout; c++) {
        const dir = join(root, `pkg${a}`, `mod${b}`, `part${c}`);
        await mkdir(dir, { recursive: true });
        const writes: Array<Promise<void>> = [];
        for (let f = 0; f < TREE.filesPerDirectory; f++, n++) {
          const name = `file${f}.${n % 10 === 0 ? 'ts' : n % 10 < 5 ? 'js' : 'md'}`;
          const body = `// file ${n}\nexport const value${n} = ${n};\n${n % 100 === 7 ? `// ${NEEDLE} here\n` : ''}${'lorem ipsum dolor sit amet '.repeat(8)}\n`;
          writes.push(writeFile(join(dir, name), body));
        }
        await Promise.all(writes);
      }
    }
  }
  await writeFile(marker, '');
  return root;
}
