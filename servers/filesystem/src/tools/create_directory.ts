import * as z from 'zod';
import { defineTool } from '../kit.js';
import { currentGuard, PATH_HELP, pathArgument, fsOf } from './context.js';

export const createDirectory = defineTool({
  name: 'create_directory',
  title: 'Create directory',
  description:
    'Use to create a directory, with any missing parent directories (like mkdir -p); succeeds without change if it already exists.',
  seeAlso: {
    write_file: 'to create a file'
  },
  input: z.object({ path: pathArgument(`Directory to create. ${PATH_HELP}`) }),
  output: z.object({
    path: z.string(),
    created: z.number().int().describe('Directories created (0 when it already existed).')
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope } = fsOf(call);
    const { path } = call.args;
    const ctx = call;
    const guard = await currentGuard(scope, ctx.request);
    const { realPath, created } = await guard.makeDirectory(path);
    const shown = guard.toDisplayPath(realPath);
    return {
      structured: { path: shown, created },
      text:
        created === 0
          ? `${shown} already exists.`
          : `Created ${shown} (${created} director${created === 1 ? 'y' : 'ies'}).`
    };
  }
});
