import { formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { currentGuard, PATH_HELP, pathArgument, fsOf } from './context.js';

export const copyFile = defineTool({
  name: 'copy_file',
  title: 'Copy file',
  description:
    'Use to duplicate a regular file (any size, text or binary) to a new path; the copy appears atomically and an existing destination is never replaced unless overwrite is true. Directories are not copied.',
  seeAlso: {
    create_directory: 'to make the target directory, then copy the files one by one',
    move_file: 'to rename or relocate instead'
  },
  input: z.object({
    source: pathArgument(`File to copy. ${PATH_HELP}`),
    destination: pathArgument('Path of the copy, including its name; its parent directory must exist.'),
    overwrite: z.boolean().default(false).describe('Replace the destination if it exists.')
  }),
  output: z.object({ source: z.string(), destination: z.string(), bytes: z.number().int() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope } = fsOf(call);
    const { source, destination, overwrite } = call.args;
    const ctx = call;
    const guard = await currentGuard(scope, ctx.request);
    const from = await guard.openForRead(source, 'source');
    try {
      const stats = await from.handle.stat();
      const written = await guard.writeFileAtomic(
        destination,
        from.handle.createReadStream({ autoClose: false, start: 0 }),
        'destination',
        {
          exclusive: !overwrite,
          // A new copy gets the source's permissions; a replaced file keeps its own.
          ...(overwrite ? {} : { mode: stats.mode & 0o777 })
        }
      );
      const result = {
        source: guard.toDisplayPath(from.realPath),
        destination: guard.toDisplayPath(written),
        bytes: stats.size
      };
      return {
        structured: result,
        text: `Copied ${result.source} to ${result.destination} (${formatBytes(stats.size)}).`
      };
    } finally {
      await from.handle.close();
    }
  }
});
