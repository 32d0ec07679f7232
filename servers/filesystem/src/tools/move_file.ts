import * as z from 'zod';
import { defineTool } from '../kit.js';
import { currentGuard, PATH_HELP, pathArgument, fsOf } from './context.js';

export const moveFile = defineTool({
  name: 'move_file',
  title: 'Move or rename',
  description:
    'Use to move or rename a file, directory or symbolic link (a link is moved itself, not what it points to). An existing destination is never replaced unless overwrite is true (a directory only if empty).',
  seeAlso: {
    copy_file: 'to duplicate a file, or to move one across filesystems (moves across filesystems are refused)'
  },
  input: z.object({
    source: pathArgument(`What to move. ${PATH_HELP}`),
    destination: pathArgument('Its new path, including the name; its parent directory must exist.'),
    overwrite: z.boolean().default(false).describe('Replace an existing destination file (or empty directory).')
  }),
  output: z.object({ source: z.string(), destination: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler(call) {
    const { scope } = fsOf(call);
    const { source, destination, overwrite } = call.args;
    const ctx = call;
    const guard = await currentGuard(scope, ctx.request);
    const moved = await guard.rename(source, destination, { overwrite });
    const result = { source: guard.toDisplayPath(moved.source), destination: guard.toDisplayPath(moved.destination) };
    return { structured: result, text: `Moved ${result.source} to ${result.destination}.` };
  }
});
