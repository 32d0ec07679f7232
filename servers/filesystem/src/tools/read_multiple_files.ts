import { PathAccessError, formatCount, utf8SliceEnd, type PathGuard } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { looksBinary } from '../fs/binary.js';
import { currentGuard, contentBudget, pathArgument, fsOf } from './context.js';

const fileResult = z.object({
  path: z.string().describe('The path as given.'),
  ok: z.boolean(),
  content: z.string().optional(),
  size: z.number().int().optional().describe('Bytes in the file.'),
  truncated: z.boolean().optional().describe('Only the start of the file fits in this result.'),
  error: z.string().optional()
});
type FileResult = z.infer<typeof fileResult>;

export const readMultipleFiles = defineTool({
  name: 'read_multiple_files',
  title: 'Read several text files',
  description:
    'Use to read several small text files in one call (up to 50); each file succeeds or fails on its own, and together they share one result budget.',
  seeAlso: {
    read_text_file: 'for one large file, or a range of lines'
  },
  input: z.object({
    paths: z
      .array(pathArgument('A file path.'))
      .min(1, 'must list at least one path')
      .max(50, 'must list at most 50 paths')
      .describe('Files to read: absolute, or relative to the first allowed directory.')
  }),
  output: z.object({
    files: z.array(fileResult),
    read: z.number().int().describe('Files read successfully.')
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope, config, resultBytes } = fsOf(call);
    const { paths } = call.args;
    const ctx = call;
    const guard = await currentGuard(scope, ctx.request);
    let budget = contentBudget(resultBytes);
    const files: FileResult[] = [];
    for (const path of paths) {
      ctx.signal.throwIfAborted();
      if (budget <= 0) {
        files.push({ path, ok: false, error: 'not read: this result is full; read it with read_text_file' });
        continue;
      }
      try {
        const { content, size, truncated } = await readBounded(guard, path, Math.min(budget, config.maxFileBytes));
        budget -= Buffer.byteLength(content) + path.length + 20;
        files.push({ path, ok: true, content, size, ...(truncated ? { truncated } : {}) });
      } catch (error) {
        if (!(error instanceof PathAccessError || error instanceof NotText)) throw error;
        files.push({ path, ok: false, error: error.message });
      }
    }
    const text = files
      .map((file) =>
        file.ok
          ? `--- ${file.path} ---\n${file.content}${file.truncated ? `\n[only the first ${formatCount(Buffer.byteLength(file.content ?? ''))} of ${formatCount(file.size ?? 0)} bytes fit; read the rest with read_text_file]` : ''}`
          : `--- ${file.path} ---\n[error: ${file.error}]`
      )
      .join('\n');
    return { structured: { files, read: files.filter((file) => file.ok).length }, text };
  }
});

/** A per-file refusal that is not about the path: the file is not text. */
class NotText extends Error {}

/** The file's text, at most `maxBytes` of it, cut on a character boundary. */
async function readBounded(
  guard: PathGuard,
  path: string,
  maxBytes: number
): Promise<{ content: string; size: number; truncated: boolean }> {
  const { handle } = await guard.openForRead(path);
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const bytes = buffer.subarray(0, bytesRead);
    if (looksBinary(bytes)) {
      throw new NotText(
        `path ${JSON.stringify(path)} is a binary file, not text; use read_media_file or get_file_info`
      );
    }
    const cut = utf8SliceEnd(bytes, bytesRead);
    return { content: bytes.toString('utf8', 0, cut), size, truncated: cut < size };
  } finally {
    await handle.close();
  }
}
