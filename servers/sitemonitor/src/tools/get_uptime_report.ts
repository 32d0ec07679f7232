import { defineTool, Fence } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Deps } from '../server.js';
import {
  describeIncident,
  fencedText,
  getMonitorOrFail,
  incidentSchema,
  monitorIdInput,
  monitorStatusSchema
} from './common.js';

const INCIDENTS_SHOWN = 20;

export const getUptimeReport = (deps: Deps) =>
  defineTool({
    name: 'get_uptime_report',
    title: 'Uptime report',
    description:
      'Use to summarise one monitor over a time window: uptime percentage (checks up or degraded), p50/p95/average latency, downtime and the incidents in the window. ' +
      'Use get_monitor_history for the individual checks and list_incidents for outages across monitors.',
    input: z.object({
      id: monitorIdInput,
      windowHours: z
        .number()
        .min(0.1, 'windowHours must be at least 0.1')
        .max(24 * 366, 'windowHours must be at most 8784 (a year)')
        .default(24)
        .describe('How far back from now the report looks, in hours.')
    }),
    output: z.object({
      monitor: z.object({ id: z.number(), name: z.string(), url: z.string(), status: monitorStatusSchema }),
      from: z.string(),
      to: z.string(),
      checks: z.number(),
      up: z.number(),
      degraded: z.number(),
      down: z.number(),
      uptimePercent: z.number().nullable(),
      latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), average: z.number().nullable() }),
      downtimeSeconds: z.number(),
      incidents: z.array(incidentSchema),
      incidentsTotal: z.number()
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ id, windowHours }) {
      const monitor = getMonitorOrFail(deps, id);
      const to = Date.now();
      const report = deps.store.uptime(id, to - Math.round(windowHours * 3_600_000), to, INCIDENTS_SHOWN);
      const fence = new Fence();
      const lines = [
        `#${id} ${monitor.name} (${monitor.url}), ${report.from} to ${report.to}:`,
        report.checks === 0
          ? 'No checks in this window.'
          : `Uptime ${report.uptimePercent}% over ${report.checks} check(s): ${report.up} up, ${report.degraded} degraded, ${report.down} down; downtime ${report.downtimeSeconds} s.`,
        `Latency: p50 ${report.latencyMs.p50 ?? '-'} ms, p95 ${report.latencyMs.p95 ?? '-'} ms, average ${report.latencyMs.average ?? '-'} ms.`,
        ...report.incidents.map((incident) => describeIncident(incident, fence))
      ];
      if (report.incidentsTotal > report.incidents.length) {
        lines.push(
          `Showing the latest ${report.incidents.length} of ${report.incidentsTotal} incidents; use list_incidents with monitorId ${id} for all.`
        );
      }
      return {
        structured: { monitor: { id, name: monitor.name, url: monitor.url, status: monitor.status }, ...report },
        text: fencedText(lines, fence)
      };
    }
  });
