import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { McpRequestContext, McpServer } from '@modelcontextprotocol/server';
import {
  OutboundPolicy,
  type Logger,
  type Resolver,
  type ServerDefinition,
  type ServerRuntime
} from '@mcp-catalog/shared';
import { configSchema, settings, type Config } from './config.js';
import { MonitorEvents } from './monitor/events.js';
import { Scheduler } from './monitor/scheduler.js';
import { MonitorService } from './monitor/service.js';
import { SiteChecker } from './monitor/site-check.js';
import { MonitorStore } from './monitor/store.js';
import { registerPrompts } from './prompts/debug_incident.js';
import { registerResources } from './resources/index.js';
import { publishChanges } from './resources/subscriptions.js';
import { addMonitor } from './tools/add_monitor.js';
import { checkSiteStatus } from './tools/check_site_status.js';
import { checkSslCertificate } from './tools/check_ssl_certificate.js';
import { getMonitorHistory } from './tools/get_monitor_history.js';
import { getUptimeReport } from './tools/get_uptime_report.js';
import { listIncidents } from './tools/list_incidents.js';
import { listMonitors } from './tools/list_monitors.js';
import { pauseMonitor, resumeMonitor } from './tools/pause_monitor.js';
import { removeMonitor } from './tools/remove_monitor.js';
import { runMonitorNow } from './tools/run_monitor_now.js';
import { updateMonitor } from './tools/update_monitor.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

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
  const store = new MonitorStore(config.db);
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

/** Builds one SDK server. Called per stdio connection or per HTTP request, so keep it cheap. */
export function createServer(
  config: Config,
  deps: Deps,
  runtime: ServerRuntime,
  request?: McpRequestContext
): McpServer {
  const server = runtime.newMcpServer({
    instructions:
      'Site monitoring. check_site_status and check_ssl_certificate check a URL now; add_monitor watches one on a schedule, ' +
      'with history (get_monitor_history), reports (get_uptime_report) and outages (list_incidents). ' +
      'Subscribe to sitemonitor://monitors/{id} to hear when a monitor changes state. Only public addresses are reachable unless the operator allows private ones.'
  });
  const tools = [
    checkSiteStatus(config, deps),
    checkSslCertificate(config, deps),
    addMonitor(config, deps),
    listMonitors(deps),
    updateMonitor(config, deps),
    pauseMonitor(deps),
    resumeMonitor(deps),
    removeMonitor(deps),
    runMonitorNow(deps),
    getMonitorHistory(deps),
    getUptimeReport(deps),
    listIncidents(deps)
  ];
  runtime.registerTools(server, config.readOnly ? tools.filter((tool) => tool.annotations.readOnlyHint) : tools);
  registerResources(server, config, deps, request?.era);
  registerPrompts(server, deps);
  return server;
}

export const definition: ServerDefinition<typeof configSchema, Deps> = {
  name: 'sitemonitor',
  version,
  description: 'HTTP and TLS checks, scheduled monitors with history in SQLite, uptime reports and incidents.',
  settings,
  schema: configSchema,
  examples: [
    'mcp-server-sitemonitor',
    'mcp-server-sitemonitor --db /var/lib/sitemonitor/monitors.db --allow-private-targets',
    'mcp-server-sitemonitor --read-only --no-scheduler',
    'MCP_AUTH_TOKEN=... mcp-server-sitemonitor --transport http --port 3000'
  ],
  createDeps: (config, runtime) => createDeps(config, runtime),
  createServer,
  health: async (deps) => {
    deps.store.db.prepare('SELECT 1').get();
    return {
      ok: true,
      checks: {
        monitors: deps.store.countMonitors(),
        scheduler: deps.scheduler ? `${deps.scheduler.runningCount} running` : 'off'
      }
    };
  },
  close: closeDeps
};
