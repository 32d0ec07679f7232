import { pageOf } from '@mcp-catalog/shared';
import { defineTool } from '../kit.js';
import * as z from 'zod';
import {
  describeMonitor,
  monitorSchema,
  monitorStatusSchema,
  offsetInput,
  pageLimitInput,
  pageNote,
  pageSchema
} from './common.js';

export const listMonitors = defineTool({
  name: 'list_monitors',
  title: 'List monitors',
  description:
    'Use to see which URLs are monitored, with each monitor’s current status (pending, up, degraded, down), settings and next run.',
  seeAlso: { get_monitor_history: 'for one monitor’s past checks', list_incidents: 'for outages' },
  input: z.object({
    status: monitorStatusSchema.optional().describe('Only monitors in this status.'),
    paused: z.boolean().optional().describe('Only paused (true) or only active (false) monitors.'),
    offset: offsetInput,
    limit: pageLimitInput(100, 50)
  }),
  output: z.object({ monitors: z.array(monitorSchema), ...pageSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { status, paused, offset, limit }, deps }) {
    const page = deps.store.listMonitors({
      ...(status ? { status } : {}),
      ...(paused === undefined ? {} : { paused }),
      offset,
      limit
    });
    const text = [...page.items.map(describeMonitor), pageNote(offset, page.items.length, page.total, 'monitors')].join(
      '\n'
    );
    return {
      structured: {
        monitors: page.items,
        ...pageOf({ offset, limit }, page.items.length, page.total)
      },
      text
    };
  }
});
