import * as z from 'zod';
import { effectiveAccessMode } from '../settings.js';
import { defineTool } from '../kit.js';
import { accessReport } from '../postgres/access.js';

export const checkRoleAccess = defineTool({
  name: 'check_role_access',
  title: 'Check the database role’s access',
  description:
    'Use to learn who this server connects as and whether that role itself is read-only (the last line of defence behind the server’s own guards): superuser, writable tables, CREATE rights, powerful role memberships, plus the server’s access mode, version and installed extensions. ' +
    'It changes nothing.',
  seeAlso: { analyze_db_health: 'for database health' },
  input: z.object({}),
  output: z.object({
    accessMode: z.enum(['read-only', 'read-write']).describe('This MCP server’s mode, set by the operator.'),
    user: z.string(),
    database: z.string(),
    serverVersion: z.string(),
    roleIsReadOnly: z.boolean(),
    writeCapabilities: z.array(z.string()),
    superuser: z.boolean(),
    powerfulRoles: z.array(z.string()),
    writableTables: z.number().int(),
    sessionsReadOnly: z.boolean(),
    extensions: z.array(z.string())
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ config, deps, signal }) {
    const report = await deps.db.readOnly((client) => accessReport(client), { signal });
    const verdict = report.roleIsReadOnly
      ? `Role "${report.user}" is read-only: it cannot change data even without this server's guards.`
      : `Role "${report.user}" is NOT read-only; only this server's guards keep it from writing. It ${report.writeCapabilities.join('; ')}. Recommended: connect as a role with SELECT privileges only.`;
    const text = [
      verdict,
      `Server mode: ${effectiveAccessMode(config)}. Database: ${report.database} (PostgreSQL ${report.serverVersion}).`,
      `Extensions: ${report.extensions.join(', ') || 'none'}.`
    ].join('\n');
    return { structured: { accessMode: effectiveAccessMode(config), ...report }, text };
  }
});
