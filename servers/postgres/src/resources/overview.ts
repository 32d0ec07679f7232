import { defineResource } from '../kit.js';
import { accessReport } from '../postgres/access.js';
import { databaseOverview } from '../postgres/catalog.js';
import { effectiveAccessMode } from '../settings.js';

export const OVERVIEW_URI = 'postgres://database/overview';

/** The database at a glance: version, size, schemas, extensions, and whether the role is read-only. */
export const overview = defineResource({
  name: 'database_overview',
  title: 'Database overview',
  description:
    'Version, size, schemas with table counts, extensions, this server’s access mode and whether its role is read-only, as JSON.',
  mimeType: 'application/json',
  uri: OVERVIEW_URI,
  async read({ config, deps, signal }) {
    const body = await deps.db.readOnly(
      async (client) => {
        const [database, access] = [await databaseOverview(client), await accessReport(client)];
        return {
          ...database,
          accessMode: effectiveAccessMode(config),
          role: {
            user: access.user,
            roleIsReadOnly: access.roleIsReadOnly,
            writeCapabilities: access.writeCapabilities
          },
          extensions: access.extensions
        };
      },
      { signal }
    );
    return { text: JSON.stringify(body, null, 2) };
  }
});
