import { lstat } from 'node:fs/promises';
import { formatCount, ToolError, formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { currentGuard, PATH_HELP, pathArgument, fsOf } from './context.js';

export const writeFile = defineTool({
  name: 'write_file',
  title: 'Write file',
  description:
    "Use to create a text file, or to replace one entirely when overwrite is true; the write is atomic (readers see the old or the new file, never a mix) and keeps the file's permissions. Parent directories must exist.",
  seeAlso: {
    edit_file: 'to change part of a file',
    append_file: 'to add to its end',
    create_directory: 'to make missing parent directories'
  },
  input: z.object({
    path: pathArgument(`File to write. ${PATH_HELP}`),
    content: z.string().describe('The complete new content, as UTF-8 text.'),
    overwrite: z
      .boolean()
      .default(false)
      .describe('Replace the file if it exists. Without it an existing file is left alone and the call fails.')
  }),
  output: z.object({
    path: z.string(),
    bytes: z.number().int().describe('Bytes written.'),
    created: z.boolean().describe('True for a new file, false when an existing one was replaced.')
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope, config } = fsOf(call);
    const { path, content, overwrite } = call.args;
    const ctx = call;
    const bytes = Buffer.byteLength(content);
    if (bytes > config.maxFileBytes) {
      throw new ToolError(
        `content is ${formatBytes(bytes)}, over this server's ${formatCount(config.maxFileBytes)}-byte limit for one write.`,
        {
          hint: 'Write the first part with write_file and add the rest with append_file, or ask the operator to raise --max-file-bytes.',
          argument: 'content'
        }
      );
    }
    const guard = await currentGuard(scope, ctx.request);
    // Only to report created vs replaced; the write itself decides atomically.
    const existed = overwrite
      ? await lstat(await guard.resolve(path, 'write')).then(
          () => true,
          () => false
        )
      : false;
    const real = await guard.writeFileAtomic(path, content, 'path', { exclusive: !overwrite });
    const shown = guard.toDisplayPath(real);
    return {
      structured: { path: shown, bytes, created: !existed },
      text: `${existed ? 'Replaced' : 'Created'} ${shown} (${formatBytes(bytes)}).`
    };
  }
});
