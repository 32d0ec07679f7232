import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import {
  adoptLegacyDatabase,
  defaultDatabasePath,
  OutboundPolicy,
  type HealthReport,
  type Logger,
  type Resolver,
  type ServerRuntime
} from '@mcp-catalog/shared';
import type { Config } from './settings.js';
import { MonitorEvents } from './monitor/events.js';
import { Scheduler } from './monitor/scheduler.js';
import { MonitorService } from './monitor/service.js';
import { SiteChecker } from './monitor/site-check.js';
import { MonitorStore } from './monitor/store.js';
import { publishChanges } from './resources/subscriptions.js';

export const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** What lives as long as the process: the store, the network policy, the checker and the scheduler. */
export interface Deps {
  store: MonitorStore;
  policy: OutboundPolicy;
  checker: SiteChecker;
  events: MonitorEvents;
  service: MonitorService;
  scheduler: Scheduler | undefined;
  /** Trust for https when the operator added CAs (built once: parsing the bundle is slow); undefined means Node's defaults. */
  secureContext: SecureContext | undefined;
}

export interface DepsOptions {
  /** How often the scheduler looks for due monitors (tests use a short tick). */
  schedulerTickMs?: number;
  /** DNS for the outbound policy (tests inject one: the system resolver would send queries off the machine). */
  resolve?: Resolver;
}

export function createDeps(
  config: Config,
  runtime: Pick<ServerRuntime, 'logger'> & Partial<Pick<ServerRuntime, 'notify'>>,
  options: DepsOptions = {}
): Deps {
  const logger: Logger = runtime.logger;
  const secureContext = config.caFile
    ? createSecureContext({ ca: [...rootCertificates, readCaFile(config.caFile)] })
    : undefined;
  const policy = new OutboundPolicy({
    allowPrivate: config.allowPrivateTargets,
    ...(options.resolve ? { resolve: options.resolve } : {})
  });
  const checker = new SiteChecker({
    policy,
    ...(secureContext ? { secureContext } : {}),
    maxResponseBytes: config.maxResponseBytes,
    userAgent: `mcp-server-sitemonitor/${version}`
  });
  // Only the default location adopts an old store: a path the operator chose is taken as given.
  if (config.database === defaultDatabasePath('sitemonitor')) {
    const moved = adoptLegacyDatabase(config.database, [legacyDatabasePath()]);
    if (moved) logger.notice('moved the monitor store to the catalog data folder', { ...moved });
  }
  const store = new MonitorStore(config.database);
  const events = new MonitorEvents((error) => logger.error('monitor event listener failed', { error }));
  const service = new MonitorService(store, checker, events, logger);
  const scheduler = config.scheduler
    ? new Scheduler(service, logger, {
        concurrency: config.maxConcurrentChecks,
        retentionMs: config.retentionDays * 86_400_000,
        ...(options.schedulerTickMs ? { tickMs: options.schedulerTickMs } : {})
      })
    : undefined;
  scheduler?.start();
  if (config.transport === 'http' && runtime.notify) publishChanges(events, runtime.notify);
  return { store, policy, checker, events, service, scheduler, secureContext };
}

/** Where versions before the manifest kept the store. */
function legacyDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state'), 'mcp-catalog', 'sitemonitor.db');
}

function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`--ca-file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`--ca-file ${file} holds no PEM certificate`);
  return pem;
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.scheduler?.stop();
  deps.store.close();
}

export async function health(deps: Deps): Promise<HealthReport> {
  deps.store.db.prepare('SELECT 1').get();
  return {
    ok: true,
    checks: {
      monitors: deps.store.countMonitors(),
      scheduler: deps.scheduler ? `${deps.scheduler.runningCount} running` : 'off'
    }
  };
}
