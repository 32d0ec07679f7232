import { Fence, pageOf } from '@mcp-catalog/shared';
import { defineTool } from '../kit.js';
import * as z from 'zod';
import {
  fencedText,
  checkRecordSchema,
  describeCheckRecord,
  describeMonitor,
  getMonitorOrFail,
  monitorIdInput,
  monitorStatusSchema,
  offsetInput,
  pageLimitInput,
  pageNote,
  pageSchema,
  verdictSchema
} from './common.js';

export const isoTimeInput = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time such as 2026-05-01T00:00:00Z'
});

export const getMonitorHistory = defineTool({
  name: 'get_monitor_history',
  title: 'Monitor history',
  description:
    'Use to read the individual checks of one monitor, newest first, with verdict, reason, status code and timings; page with offset.',
  seeAlso: { get_uptime_report: 'for totals and percentiles over a window', list_incidents: 'for outage periods' },
  input: z.object({
    monitorId: monitorIdInput,
    since: isoTimeInput.optional().describe('Only checks at or after this time (ISO 8601).'),
    until: isoTimeInput.optional().describe('Only checks before this time (ISO 8601).'),
    verdict: verdictSchema.optional().describe('Only checks with this verdict.'),
    offset: offsetInput,
    limit: pageLimitInput(200, 50)
  }),
  output: z.object({
    monitor: z.object({ id: z.number(), name: z.string(), url: z.string(), status: monitorStatusSchema }),
    checks: z.array(checkRecordSchema),
    ...pageSchema
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { monitorId: id, since, until, verdict, offset, limit }, deps }) {
    const monitor = getMonitorOrFail(deps, id);
    const page = deps.store.history(id, {
      ...(since ? { since: Date.parse(since) } : {}),
      ...(until ? { until: Date.parse(until) } : {}),
      ...(verdict ? { verdict } : {}),
      offset,
      limit
    });
    const fence = new Fence();
    const text = fencedText(
      [
        describeMonitor(monitor),
        ...page.items.map((check) => describeCheckRecord(check, fence)),
        pageNote(offset, page.items.length, page.total, 'checks')
      ],
      fence
    );
    return {
      structured: {
        monitor: { id, name: monitor.name, url: monitor.url, status: monitor.status },
        checks: page.items,
        ...pageOf({ offset, limit }, page.items.length, page.total)
      },
      text
    };
  }
});
