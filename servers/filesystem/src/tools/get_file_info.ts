import { formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { getFileInfo } from '../fs/info.js';
import { currentGuard, PATH_HELP, pathArgument, fsOf } from './context.js';

export const getFileInfoTool = defineTool({
  name: 'get_file_info',
  title: 'Get file info',
  description:
    'Use to learn what a path is without reading it: type (file, directory, symlink), size, times, permissions and hard-link count. A symbolic link is described as a link, and its target is named only when it is inside the allowed directories.',
  seeAlso: {
    list_directory: "to see a directory's entries"
  },
  input: z.object({ path: pathArgument(`File, directory or link. ${PATH_HELP}`) }),
  output: z.object({
    path: z.string(),
    type: z.enum(['file', 'directory', 'symlink', 'other']),
    size: z.number().int().describe('Bytes (for a symlink: of the link itself).'),
    created: z.string(),
    modified: z.string(),
    accessed: z.string(),
    permissions: z.string().describe('e.g. rw-r--r--'),
    mode: z.string().describe('Octal permission bits, e.g. 644.'),
    hardLinks: z.number().int().describe('Names this file has; writes are refused when it has more than one.'),
    symlink: z
      .object({
        status: z
          .enum(['inside', 'outside', 'broken'])
          .describe('Whether the link leads inside the allowed directories, outside them, or nowhere.'),
        target: z.string().optional().describe('Where it leads, when that is inside the allowed directories.')
      })
      .optional()
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope } = fsOf(call);
    const { path } = call.args;
    const ctx = call;
    const info = await getFileInfo(await currentGuard(scope, ctx.request), path);
    const lines = [
      `path: ${info.path}`,
      `type: ${info.type}`,
      `size: ${formatBytes(info.size)}`,
      `modified: ${info.modified}`,
      `created: ${info.created}`,
      `accessed: ${info.accessed}`,
      `permissions: ${info.permissions} (${info.mode})`,
      `hard links: ${info.hardLinks}`
    ];
    if (info.symlink) {
      lines.push(
        info.symlink.target
          ? `symlink to: ${info.symlink.target}`
          : `symlink: leads ${info.symlink.status === 'outside' ? 'outside the allowed directories' : 'nowhere (broken)'}`
      );
    }
    return { structured: info, text: lines.join('\n') };
  }
});
