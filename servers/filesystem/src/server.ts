import { createRequire } from 'node:module';
import type { McpServer } from '@modelcontextprotocol/server';
import { PathGuard, type ServerDefinition, type ServerRuntime } from '@mcp-catalog/shared';
import { configSchema, positional, settings, type Config } from './config.js';
import { mapError } from './errors.js';
import { Scope } from './fs/scope.js';
import { registerFileResource } from './resources/file.js';
import { followClientRoots } from './roots.js';
import { Scanner } from './scan/scanner.js';
import { appendFile } from './tools/append_file.js';
import type { FsContext } from './tools/context.js';
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

export { mapError };

/** What lives as long as the process: the operator's directories and the scan worker pool. */
export interface Deps {
  /** The directories given as arguments (a guard without roots when there were none). */
  operator: PathGuard;
  scanner: Scanner;
}

export async function createDeps(config: Config): Promise<Deps> {
  if (config.transport === 'http' && config.directories.length === 0) {
    // Stateless HTTP has no connection to ask 2025-era clients for roots on: nothing would be allowed for them.
    throw new Error(
      'over HTTP the allowed directories must be given as arguments (2025-era clients cannot send MCP roots over stateless HTTP)'
    );
  }
  return { operator: await PathGuard.create(config.directories), scanner: new Scanner() };
}

const READ_TOOLS = [
  readTextFile,
  readMediaFile,
  readMultipleFiles,
  getFileInfoTool,
  listAllowedDirectories,
  listDirectory,
  directoryTree,
  searchFiles,
  searchFileContents
];
const WRITE_TOOLS = [writeFile, appendFile, editFile, createDirectory, moveFile, copyFile];

/** Builds one SDK server. Called per stdio connection or per HTTP request, so keep it cheap. */
export function createServer(config: Config, deps: Deps, runtime: ServerRuntime): McpServer {
  const scope = new Scope(deps.operator, config.clientRoots);
  const server = runtime.newMcpServer({
    instructions:
      'Filesystem access confined to allowed directories (list_allowed_directories shows them; relative paths start at the first). ' +
      'Find files with search_files, text inside them with search_file_contents, and read with read_text_file (paged). ' +
      (config.readOnly
        ? 'This server is read-only.'
        : 'Change files with edit_file (exact replacements) or write_file; existing files and destinations are only replaced when you pass overwrite: true.'),
    capabilities: { resources: {} }
  });
  const context: FsContext = { config, scope, scanner: deps.scanner, resultBytes: runtime.tools.maxResultBytes };
  const tools = config.readOnly ? READ_TOOLS : [...READ_TOOLS, ...WRITE_TOOLS];
  runtime.registerTools(
    server,
    tools.map((tool) => tool(context))
  );
  registerFileResource(server, context);
  if (config.clientRoots) followClientRoots(server, scope, runtime.logger);
  return server;
}

export const definition: ServerDefinition<typeof configSchema, Deps> = {
  name: 'filesystem',
  version,
  description:
    'Read, search and (unless --read-only) write files inside the allowed directories, without symlink or path-prefix escapes.',
  settings,
  schema: configSchema,
  positional,
  examples: [
    'mcp-server-filesystem ~/projects ~/notes',
    'mcp-server-filesystem --read-only --max-file-bytes 1048576 /srv/docs',
    'MCP_AUTH_TOKEN=... mcp-server-filesystem --transport http --port 3000 /srv/shared'
  ],
  createDeps,
  createServer,
  mapError,
  health: async (deps) => ({ ok: true, checks: { directories: deps.operator.roots.length } })
};
