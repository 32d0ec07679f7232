import { createRequire } from 'node:module';
import { defineServer } from '@mcp-catalog/shared';
import { createDeps, health, type Deps } from './deps.js';
import { settings, type Config } from './settings.js';
import { echoText } from './tools/echo_text.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The whole server in one declaration: README tables, --help and schema snapshots come from it. */
export const manifest = defineServer<Config, Deps>({
  name: '__NAME__',
  version,
  description: '__DESCRIPTION__',
  settings,
  examples: ['mcp-server-__NAME__', 'MCP_AUTH_TOKEN=... mcp-server-__NAME__ --transport http --port 3000'],
  instructions: 'Template server: it shows the shape every tool in the catalog follows.',
  toolsets: [
    {
      name: 'echo',
      description: 'Answers with what it is sent',
      default: true,
      instructions: 'echo_text checks that the server answers.',
      tools: [echoText]
    }
  ],
  createDeps,
  health
});
