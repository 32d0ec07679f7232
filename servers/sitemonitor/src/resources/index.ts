import { ResourceNotFoundError, ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import type { Config } from '../config.js';
import type { Deps } from '../server.js';
import { enableSubscriptions } from './subscriptions.js';
import { CONFIG_URI, LATEST_LOG_URI, monitorUri } from './uris.js';

const RECENT_CHECKS = 20;
const LATEST_CHECKS = 50;
const LISTED_MONITORS = 100;

const json = (uri: string, value: unknown) => ({
  contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }]
});

/** The operator's effective settings, minus nothing secret (this server holds no secrets). */
function publicConfig(config: Config, deps: Deps) {
  return {
    database: config.db,
    readOnly: config.readOnly,
    allowPrivateTargets: config.allowPrivateTargets,
    extraCaFile: config.caFile ?? null,
    scheduler: deps.scheduler ? { running: true, maxConcurrentChecks: config.maxConcurrentChecks } : { running: false },
    minIntervalSeconds: config.minIntervalSeconds,
    maxMonitors: config.maxMonitors,
    timeoutSeconds: config.timeoutSeconds,
    maxResponseBytes: config.maxResponseBytes,
    retentionDays: config.retentionDays,
    monitors: deps.store.countMonitors()
  };
}

export function registerResources(server: McpServer, config: Config, deps: Deps, era?: 'legacy' | 'modern'): void {
  server.registerResource(
    'config',
    CONFIG_URI,
    {
      title: 'Sitemonitor settings',
      description: 'The effective settings of this server: database, network policy, limits, scheduler.',
      mimeType: 'application/json'
    },
    (uri) => json(uri.href, publicConfig(config, deps))
  );

  server.registerResource(
    'latest-checks',
    LATEST_LOG_URI,
    {
      title: 'Latest checks',
      description: `The ${LATEST_CHECKS} most recent checks across all monitors, newest first.`,
      mimeType: 'application/json'
    },
    (uri) => json(uri.href, { checks: deps.store.latestChecks(LATEST_CHECKS) })
  );

  server.registerResource(
    'monitor',
    new ResourceTemplate('sitemonitor://monitors/{id}', {
      list: () => ({
        resources: deps.store.listMonitors({ offset: 0, limit: LISTED_MONITORS }).items.map((monitor) => ({
          uri: monitorUri(monitor.id),
          name: `monitor-${monitor.id}`,
          title: `${monitor.name} (${monitor.paused ? 'paused' : monitor.status})`,
          mimeType: 'application/json'
        }))
      })
    }),
    {
      title: 'Monitor',
      description: `One monitor: settings, current status, open incident and its ${RECENT_CHECKS} latest checks. Subscribe to hear when its status changes.`,
      mimeType: 'application/json'
    },
    (uri, variables) => {
      const id = String(variables.id);
      const monitor = /^[1-9]\d{0,15}$/.test(id) ? deps.store.getMonitor(Number(id)) : undefined;
      if (!monitor)
        throw new ResourceNotFoundError(
          uri.href,
          `No monitor ${id}; list the sitemonitor://monitors/{id} resources or call list_monitors.`
        );
      const openIncident =
        deps.store.listIncidents({ monitorId: monitor.id, state: 'open', offset: 0, limit: 1 }, Date.now()).items[0] ??
        null;
      return json(uri.href, {
        monitor,
        openIncident,
        recentChecks: deps.store.history(monitor.id, { offset: 0, limit: RECENT_CHECKS }).items
      });
    }
  );

  if (config.transport !== 'http') enableSubscriptions(server, deps.events);
  // Stateless HTTP: only 2026-07-28 listen streams can hear changes (published in createDeps).
  else if (era === 'modern') server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
}
