import { Fence, pageOf } from '@mcp-catalog/shared';
import { defineTool } from '../kit.js';
import * as z from 'zod';
import {
  fencedText,
  describeIncident,
  getMonitorOrFail,
  incidentSchema,
  monitorIdInput,
  offsetInput,
  pageLimitInput,
  pageNote,
  pageSchema
} from './common.js';

export const listIncidents = defineTool({
  name: 'list_incidents',
  title: 'List incidents',
  description:
    'Use to see outage periods (a monitor down from its first failed check until its first good one), open or closed, with their cause, ' +
    'duration and resolution, newest first, across all monitors or one.',
  seeAlso: { get_uptime_report: 'for one monitor’s totals over a window' },
  input: z.object({
    monitorId: monitorIdInput.optional().describe('Only incidents of this monitor.'),
    state: z.enum(['open', 'closed', 'all']).default('all').describe('open: still down; closed: recovered.'),
    sinceHours: z
      .number()
      .min(0.1)
      .max(24 * 3650)
      .optional()
      .describe('Only incidents still open or ended within this many hours.'),
    offset: offsetInput,
    limit: pageLimitInput(100, 25)
  }),
  output: z.object({ incidents: z.array(incidentSchema), ...pageSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { monitorId, state, sinceHours, offset, limit }, deps }) {
    if (monitorId !== undefined) getMonitorOrFail(deps, monitorId);
    const now = Date.now();
    const page = deps.store.listIncidents(
      {
        ...(monitorId === undefined ? {} : { monitorId }),
        state,
        ...(sinceHours === undefined ? {} : { since: now - sinceHours * 3_600_000 }),
        offset,
        limit
      },
      now
    );
    const fence = new Fence();
    const text = fencedText(
      [
        ...page.items.map((incident) => describeIncident(incident, fence)),
        pageNote(offset, page.items.length, page.total, `${state === 'all' ? '' : `${state} `}incidents`)
      ],
      fence
    );
    return {
      structured: {
        incidents: page.items,
        ...pageOf({ offset, limit }, page.items.length, page.total)
      },
      text
    };
  }
});
