import type { HealthReport } from '@mcp-catalog/shared';
import type { Config } from './settings.js';

/** What lives as long as the process (pools, stores, clients). This template needs none. */
export interface Deps {
  startedAt: Date;
}

export function createDeps(_config: Config): Deps {
  return { startedAt: new Date() };
}

export async function health(deps: Deps): Promise<HealthReport> {
  return { ok: true, checks: { uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000) } };
}
