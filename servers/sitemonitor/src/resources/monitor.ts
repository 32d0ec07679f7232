import { ResourceMissing } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineResource } from '../kit.js';
import { monitorUri } from './uris.js';

const RECENT_CHECKS = 20;
const LISTED_MONITORS = 100;

export const monitorResource = defineResource({
  name: 'monitor',
  title: 'Monitor',
  description: `One monitor: settings, current status, open incident and its ${RECENT_CHECKS} latest checks. Subscribe to hear when its status changes.`,
  uriTemplate: 'sitemonitor://monitors/{monitorId}',
  variables: z.object({ monitorId: z.string().regex(/^[1-9]\d{0,15}$/, 'must be a monitor id such as 3') }),
  mimeType: 'application/json',
  list: ({ deps }) =>
    deps.store.listMonitors({ offset: 0, limit: LISTED_MONITORS }).items.map((monitor) => ({
      uri: monitorUri(monitor.id),
      name: `monitor-${monitor.id}`,
      title: `${monitor.name} (${monitor.paused ? 'paused' : monitor.status})`,
      mimeType: 'application/json'
    })),
  read({ variables, deps }) {
    const monitor = deps.store.getMonitor(Number(variables.monitorId));
    if (!monitor) {
      throw new ResourceMissing(
        `No monitor ${variables.monitorId}; list the sitemonitor://monitors/{monitorId} resources or the monitors.`
      );
    }
    const openIncident =
      deps.store.listIncidents({ monitorId: monitor.id, state: 'open', offset: 0, limit: 1 }, Date.now()).items[0] ??
      null;
    const recentChecks = deps.store.history(monitor.id, { offset: 0, limit: RECENT_CHECKS }).items;
    return { text: JSON.stringify({ monitor, openIncident, recentChecks }, null, 2) };
  }
});
