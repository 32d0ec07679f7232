import type { HealthReport, ServerRuntime } from '@mcp-catalog/shared';
import { Database } from './postgres/database.js';
import { effectiveAccessMode, statementTimeoutMs, type Config } from './settings.js';

/** What lives as long as the process: the connection pool (it connects on first use, not at start-up). */
export interface Deps {
  db: Database;
}

export function createDeps(config: Config, runtime?: Pick<ServerRuntime, 'logger'>): Deps {
  const fromArgument = config.connectionArgument?.[0];
  if (fromArgument && config.databaseUrl)
    throw new Error('The connection is given twice: as an argument and in DATABASE_URL. Keep one of them.');
  const connectionString = config.databaseUrl ?? fromArgument;
  return {
    db: new Database({
      ...(connectionString ? { connectionString } : {}),
      poolSize: config.poolSize,
      statementTimeoutMs: statementTimeoutMs(config),
      accessMode: effectiveAccessMode(config),
      onPoolError: (error) => runtime?.logger.warning('idle database connection failed', { error: error.message })
    })
  };
}

export async function health(deps: Deps): Promise<HealthReport> {
  await deps.db.ping();
  return { ok: true };
}

export function close(deps: Deps): Promise<void> {
  return deps.db.close();
}
