import type { McpServer } from '@modelcontextprotocol/server';
import type { Config } from '../config.js';
import { accessReport } from '../postgres/access.js';
import { databaseOverview } from '../postgres/catalog.js';
import type { Deps } from '../server.js';

export const OVERVIEW_URI = 'postgres://database/overview';

/** The database at a glance: version, size, schemas, extensions, and whether the role is read-only. */
export function registerOverview(server: McpServer, config: Config, deps: Deps): void {
  server.registerResource(
    'database_overview',
    OVERVIEW_URI,
    {
      title: 'Database overview',
      description:
        'Version, size, schemas with table counts, extensions, this server’s access mode and whether its role is read-only, as JSON.',
      mimeType: 'application/json'
    },
    async (uri) => {
      const overview = await deps.db.readOnly(async (client) => {
        const [database, access] = [await databaseOverview(client), await accessReport(client)];
        return {
          ...database,
          accessMode: config.accessMode,
          role: {
            user: access.user,
            roleIsReadOnly: access.roleIsReadOnly,
            writeCapabilities: access.writeCapabilities
          },
          extensions: access.extensions
        };
      });
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(overview, null, 2) }] };
    }
  );
}
