import { createRequire } from 'node:module';
import { defineServer } from '@mcp-catalog/shared';
import { createDeps, health, type Deps } from './deps.js';
import { mapError } from './errors.js';
import { Scope } from './fs/scope.js';
import type { Session } from './kit.js';
import { fileResource } from './resources/file.js';
import { followClientRoots } from './roots.js';
import { positional, settings, type Config } from './settings.js';
import { appendFile } from './tools/append_file.js';
import { copyFile } from './tools/copy_file.js';
import { createDirectory } from './tools/create_directory.js';
import { directoryTree } from './tools/directory_tree.js';
import { editFile } from './tools/edit_file.js';
import { getFileInfoTool } from './tools/get_file_info.js';
import { listAllowedDirectories } from './tools/list_allowed_directories.js';
import { listDirectory } from './tools/list_directory.js';
import { moveFile } from './tools/move_file.js';
import { readMediaFile } from './tools/read_media_file.js';
import { readMultipleFiles } from './tools/read_multiple_files.js';
import { readTextFile } from './tools/read_text_file.js';
import { searchFileContents } from './tools/search_file_contents.js';
import { searchFiles } from './tools/search_files.js';
import { writeFile } from './tools/write_file.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Names `text` when `tool` is offered, else nothing: instructions never point at a missing tool. */
const ifEnabled = (isEnabled: (name: string) => boolean, tool: string, text: string) => (isEnabled(tool) ? text : '');

/** The whole server in one declaration: README tables, --help and schema snapshots come from it. */
export const manifest = defineServer<Config, Deps, Session>({
  name: 'filesystem',
  version,
  description:
    'Read, search and (unless --read-only) write files inside the allowed directories, without symlink or path-prefix escapes.',
  settings,
  positional,
  examples: [
    'mcp-server-filesystem ~/projects ~/notes',
    'mcp-server-filesystem --read-only --max-file-bytes 1048576 /srv/docs',
    'MCP_AUTH_TOKEN=... mcp-server-filesystem --transport http --port 3000 /srv/shared'
  ],
  instructions: ({ config, isEnabled }) =>
    [
      'Filesystem access confined to allowed directories; relative paths start at the first' +
        (isEnabled('list_allowed_directories') ? ' (list_allowed_directories shows them).' : '.'),
      ifEnabled(isEnabled, 'search_files', 'Find files by name with search_files.'),
      ifEnabled(isEnabled, 'search_file_contents', 'Find text inside files with search_file_contents.'),
      ifEnabled(isEnabled, 'read_text_file', 'Read with read_text_file (paged by lines).'),
      config.readOnly ? 'This server is read-only.' : ''
    ]
      .filter(Boolean)
      .join(' '),
  toolsets: [
    {
      name: 'read',
      description: 'Read, list and search files and directories',
      default: true,
      tools: [
        readTextFile,
        readMediaFile,
        readMultipleFiles,
        getFileInfoTool,
        listAllowedDirectories,
        listDirectory,
        directoryTree,
        searchFiles,
        searchFileContents
      ]
    },
    {
      name: 'write',
      description: 'Create, change, copy and move files and directories (not offered under --read-only)',
      default: true,
      instructions: ({ isEnabled }) =>
        [
          ifEnabled(isEnabled, 'edit_file', 'Change part of a file with edit_file (exact replacements).'),
          ifEnabled(isEnabled, 'write_file', 'Write whole files with write_file.'),
          'Existing files and destinations are only replaced when you pass overwrite: true.'
        ]
          .filter(Boolean)
          .join(' '),
      tools: [writeFile, appendFile, editFile, createDirectory, moveFile, copyFile]
    }
  ],
  resources: [fileResource],
  createDeps,
  connect: ({ server, config, deps, runtime }) => {
    const scope = new Scope(deps.operator, config.clientRoots, (message, fields) =>
      runtime.logger.info(message, fields)
    );
    if (config.clientRoots) followClientRoots(server, scope, runtime.logger);
    return { scope };
  },
  health,
  mapError
});
