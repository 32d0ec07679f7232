import { isUtf8 } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { InputRequiredSignal, PathAccessError, ToolError, formatCount } from '@mcp-catalog/shared';
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  ResourceTemplate,
  type McpServer
} from '@modelcontextprotocol/server';
import { mimeTypeOf } from '../fs/media.js';
import { looksBinary } from '../fs/binary.js';
import { currentGuard, type FsContext } from '../tools/context.js';

/**
 * `file:///absolute/path` for any regular file inside the allowed directories, under the same
 * guard as the tools: UTF-8 text comes back as text, anything else base64-encoded. Not enumerated
 * (resources/list stays empty); use the tools to discover paths.
 */
export function registerFileResource(server: McpServer, { scope, config }: FsContext): void {
  server.registerResource(
    'file',
    new ResourceTemplate('file://{+path}', { list: undefined }),
    {
      title: 'File in an allowed directory',
      description: `Reads a whole file (at most ${formatCount(config.maxFileBytes)} bytes) from the allowed directories, e.g. file:///home/me/project/README.md.`
    },
    async (uri, _variables, ctx) => {
      let path: string;
      try {
        path = fileURLToPath(uri);
      } catch {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          'uri must be a file:///absolute/path URL without a host or encoded slashes'
        );
      }
      try {
        const guard = await currentGuard(scope, ctx);
        const { handle } = await guard.openForRead(path, 'uri');
        try {
          const { size } = await handle.stat();
          if (size > config.maxFileBytes) {
            throw new ProtocolError(
              ProtocolErrorCode.InvalidParams,
              `uri names a file of ${formatCount(size)} bytes, over this server's ${formatCount(config.maxFileBytes)}-byte limit; read it in pages with the read_text_file tool`
            );
          }
          const bytes = await handle.readFile();
          // Bytes that are not UTF-8 would not survive as text: send them as they are.
          const binary = looksBinary(bytes) || !isUtf8(bytes);
          const mimeType = mimeTypeOf(path, binary);
          return {
            contents: [
              binary
                ? { uri: uri.href, mimeType, blob: bytes.toString('base64') }
                : { uri: uri.href, mimeType, text: bytes.toString('utf8') }
            ]
          };
        } finally {
          await handle.close();
        }
      } catch (error) {
        // A 2026-07-28 request's first round: ask the client for its roots, as tool calls do.
        if (error instanceof InputRequiredSignal) return error.result;
        if (error instanceof PathAccessError && error.code === 'NOT_FOUND')
          throw new ResourceNotFoundError(uri.href, error.message);
        if (error instanceof PathAccessError || error instanceof ToolError) {
          throw new ProtocolError(ProtocolErrorCode.InvalidParams, error.message);
        }
        throw error;
      }
    }
  );
}
