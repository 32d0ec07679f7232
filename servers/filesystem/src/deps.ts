import { PathGuard, type HealthReport } from '@mcp-catalog/shared';
import { Scanner } from './scan/scanner.js';
import type { Config } from './settings.js';

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

export async function health(deps: Deps): Promise<HealthReport> {
  return { ok: true, checks: { directories: deps.operator.roots.length } };
}
