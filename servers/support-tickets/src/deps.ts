import { createRequire } from 'node:module';
import {
  adoptLegacyDatabase,
  defaultDatabasePath,
  isLoopback,
  type HealthReport,
  type ServerRuntime
} from '@mcp-catalog/shared';
import { legacyDatabasePath, type Config } from './settings.js';
import { AuditLog } from './tickets/audit.js';
import type { TicketBackend } from './tickets/backend.js';
import { openDatabase, type Db } from './tickets/database.js';
import { seedDemo } from './tickets/demo-seed.js';
import { RestTicketBackend } from './tickets/rest-backend.js';
import { SqliteTicketBackend } from './tickets/sqlite-backend.js';

export const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** What lives as long as the process: the local database, the helpdesk backend and the audit log. */
export interface Deps {
  db: Db;
  backend: TicketBackend;
  audit: AuditLog;
  now: () => Date;
}

export function createDeps(config: Config, runtime: ServerRuntime): Deps {
  checkSettings(config);
  const now = () => new Date();
  // Only the default location adopts an old store: a path the operator chose is taken as given.
  if (config.database === defaultDatabasePath('support-tickets')) {
    const moved = adoptLegacyDatabase(config.database, [legacyDatabasePath()]);
    if (moved) runtime.logger.notice('moved the helpdesk store to the catalog data folder', { ...moved });
  }
  const db = openDatabase(config.database);
  let backend: TicketBackend;
  if (config.apiBaseUrl) {
    backend = new RestTicketBackend({
      baseUrl: config.apiBaseUrl,
      apiKey: config.apiKey!,
      timeoutMs: config.apiTimeoutMs,
      logger: runtime.logger,
      userAgent: `mcp-server-support-tickets/${version}`
    });
  } else {
    const store = new SqliteTicketBackend(db, now);
    store.upsertAgents(config.agents);
    if (config.seedDemo) {
      const result = seedDemo(db, store);
      runtime.logger.info(
        result.seeded ? 'demo helpdesk loaded' : 'demo helpdesk not loaded',
        result.seeded ? { tickets: result.tickets } : { reason: result.reason }
      );
    }
    backend = store;
  }
  runtime.logger.info('helpdesk ready', { backend: backend.kind, database: config.database });
  return { db, backend, audit: new AuditLog(db, now), now };
}

/** Rules that span settings; the schema checks each one alone. */
function checkSettings(config: Config): void {
  if (!config.apiBaseUrl) {
    if (config.apiKey)
      throw new Error(
        'TICKET_API_KEY is set but TICKET_API_BASE_URL is not: set both to use a REST helpdesk, or neither for the embedded store.'
      );
    return;
  }
  if (!config.apiKey)
    throw new Error(
      'TICKET_API_BASE_URL is set but TICKET_API_KEY is not: put the helpdesk API key in TICKET_API_KEY.'
    );
  const url = new URL(config.apiBaseUrl);
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new Error(
      `TICKET_API_BASE_URL must use https (plain http is accepted only on loopback, since the API key travels with every request); got ${url.origin}.`
    );
  }
  if (config.seedDemo)
    throw new Error('--seed-demo fills the embedded store and cannot be combined with TICKET_API_BASE_URL.');
  if (config.agents.length)
    throw new Error("--agents lists the embedded store's agents; a REST helpdesk has its own: leave --agents out.");
}

export async function health(deps: Deps): Promise<HealthReport> {
  await deps.backend.ping(AbortSignal.timeout(5_000));
  return { ok: true, checks: { backend: deps.backend.kind } };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.backend.close();
  deps.db.close();
}
