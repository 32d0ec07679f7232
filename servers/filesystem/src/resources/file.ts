import { isUtf8 } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { PathAccessError, ResourceMissing, ToolError, formatCount } from '@mcp-catalog/shared';
import { looksBinary } from '../fs/binary.js';
import { mimeTypeOf } from '../fs/media.js';
import { defineResource } from '../kit.js';
import { currentGuard } from '../tools/context.js';

/**
 * `file:///absolute/path` for any regular file inside the allowed directories, under the same
 * guard as the tools: UTF-8 text comes back as text, anything else base64-encoded. Not enumerated
 * (resources/list stays empty); use the tools to discover paths. Refusals go through the host's
 * error mapping like tool errors (path errors name the uri, so they are invalid params).
 */
export const fileResource = defineResource({
  name: 'file',
  title: 'File in an allowed directory',
  description:
    "Reads a whole file (at most the server's --max-file-bytes) from the allowed directories, e.g. file:///home/me/project/README.md.",
  uriTemplate: 'file://{+path}',
  async read({ uri, config, session, context }) {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      throw new ToolError('uri must be a file:///absolute/path URL without a host or encoded slashes.', {
        argument: 'uri'
      });
    }
    const guard = await currentGuard(session.scope, context);
    let opened;
    try {
      opened = await guard.openForRead(path, 'uri');
    } catch (error) {
      if (error instanceof PathAccessError && error.code === 'NOT_FOUND') throw new ResourceMissing(error.message);
      throw error;
    }
    const { handle } = opened;
    try {
      const { size } = await handle.stat();
      if (size > config.maxFileBytes) {
        throw new ToolError(
          `uri names a file of ${formatCount(size)} bytes, over this server's ${formatCount(config.maxFileBytes)}-byte limit;`,
          { hint: 'read it in pages with the read_text_file tool.', argument: 'uri' }
        );
      }
      const bytes = await handle.readFile();
      // Bytes that are not UTF-8 would not survive as text: send them as they are.
      const binary = looksBinary(bytes) || !isUtf8(bytes);
      const mimeType = mimeTypeOf(path, binary);
      return binary ? { blob: bytes.toString('base64'), mimeType } : { text: bytes.toString('utf8'), mimeType };
    } finally {
      await handle.close();
    }
  }
});
