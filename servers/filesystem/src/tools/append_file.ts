import { formatCount, ToolError, formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { currentGuard, PATH_HELP, pathArgument, fsOf } from './context.js';

export const appendFile = defineTool({
  name: 'append_file',
  title: 'Append to file',
  description:
    'Use to add text to the end of a file (a log, a list, a long file written in parts); creates the file if it does not exist. It adds exactly the text given: include a leading newline if the file does not end with one.',
  seeAlso: {
    edit_file: 'to change existing text',
    write_file: 'to replace the whole file'
  },
  input: z.object({
    path: pathArgument(`File to append to. ${PATH_HELP}`),
    content: z.string().min(1, 'must not be empty').describe('Text to add, as UTF-8.')
  }),
  output: z.object({
    path: z.string(),
    bytesAppended: z.number().int(),
    size: z.number().int().describe('File size after appending.')
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async handler(call) {
    const { scope, config } = fsOf(call);
    const { path, content } = call.args;
    const ctx = call;
    const data = Buffer.from(content, 'utf8');
    if (data.length > config.maxFileBytes) {
      throw new ToolError(
        `content is ${formatBytes(data.length)}, over this server's ${formatCount(config.maxFileBytes)}-byte limit for one write.`,
        {
          hint: 'Append it in smaller parts.',
          argument: 'content'
        }
      );
    }
    const guard = await currentGuard(scope, ctx.request);
    const { handle, realPath } = await guard.openForAppend(path);
    try {
      await handle.write(data);
      await handle.sync();
      const { size } = await handle.stat();
      const shown = guard.toDisplayPath(realPath);
      return {
        structured: { path: shown, bytesAppended: data.length, size },
        text: `Appended ${formatBytes(data.length)} to ${shown} (now ${formatBytes(size)}).`
      };
    } finally {
      await handle.close();
    }
  }
});
