import { formatCount, ToolError, formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { MEDIA_EXTENSIONS, mediaTypeOf } from '../fs/media.js';
import { currentGuard, PATH_HELP, pathArgument, fsOf } from './context.js';

export const readMediaFile = defineTool({
  name: 'read_media_file',
  title: 'Read image or audio file',
  description: `Use to look at an image or listen to an audio file: returns it as an image or audio content block with its MIME type. Works for ${MEDIA_EXTENSIONS.join(' ')} files up to the server's size limit.`,
  seeAlso: {
    read_text_file: 'for text',
    get_file_info: 'to learn what other files are'
  },
  input: z.object({ path: pathArgument(`Image or audio file. ${PATH_HELP}`) }),
  output: z.object({
    path: z.string(),
    mimeType: z.string(),
    kind: z.enum(['image', 'audio']),
    size: z.number().int().describe('Bytes in the file.')
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope, config } = fsOf(call);
    const { path } = call.args;
    const ctx = call;
    const media = mediaTypeOf(path);
    if (!media) {
      throw new ToolError(`path ${JSON.stringify(path)} is not an image or audio file this tool can return.`, {
        hint: `Supported extensions: ${MEDIA_EXTENSIONS.join(' ')}. Use read_text_file for text, or get_file_info to learn what it is.`,
        argument: 'path'
      });
    }
    const guard = await currentGuard(scope, ctx.request);
    const { handle, realPath } = await guard.openForRead(path);
    try {
      const { size } = await handle.stat();
      if (size > config.maxFileBytes) {
        throw new ToolError(
          `path ${JSON.stringify(path)} is ${formatBytes(size)}, over this server's ${formatCount(config.maxFileBytes)}-byte limit for one file.`,
          { hint: 'Ask the operator to raise --max-file-bytes, or use a smaller copy of the file.', argument: 'path' }
        );
      }
      const data = (await handle.readFile()).toString('base64');
      const shown = guard.toDisplayPath(realPath);
      return {
        structured: { path: shown, mimeType: media.mimeType, kind: media.kind, size },
        text: `${media.kind} ${media.mimeType}, ${formatBytes(size)}: ${shown}`,
        content: [{ type: media.kind, data, mimeType: media.mimeType }]
      };
    } finally {
      await handle.close();
    }
  }
});
