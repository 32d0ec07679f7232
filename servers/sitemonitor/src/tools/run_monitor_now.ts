import { Fence, ToolError } from '@mcp-catalog/shared';
import { NotCheckableHereError } from '../monitor/service.js';
import { defineTool } from '../kit.js';
import * as z from 'zod';
import {
  fencedText,
  checkRecordSchema,
  describeCheckRecord,
  describeIncident,
  getMonitorOrFail,
  incidentSchema,
  monitorIdInput,
  monitorNotFound,
  monitorStatusSchema
} from './common.js';

export const runMonitorNow = defineTool({
  name: 'run_monitor_now',
  title: 'Run a monitor now',
  description:
    'Use to check a monitored URL immediately instead of waiting for its next scheduled run (e.g. to confirm a fix); the result is ' +
    'stored in its history and may open or close an incident. Works on paused monitors too.',
  seeAlso: { check_site_status: 'for a URL that is not monitored' },
  input: z.object({ monitorId: monitorIdInput }),
  output: z.object({
    check: checkRecordSchema,
    previousStatus: monitorStatusSchema,
    status: monitorStatusSchema,
    changed: z.boolean(),
    incident: z.object({ event: z.enum(['opened', 'continued', 'closed']), incident: incidentSchema }).nullable()
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  rateLimit: { max: 60, windowMs: 60_000 },
  async handler({ args: { monitorId: id }, deps, signal }) {
    const monitor = getMonitorOrFail(deps, id);
    const recorded = await deps.service.run(monitor, signal).catch((error: unknown) => {
      if (!(error instanceof NotCheckableHereError)) throw error;
      throw new ToolError(`This server may not check monitor #${id}: ${error.reason} Nothing was recorded.`, {
        hint: "The operator's outbound settings (--allow-private-targets) refuse this target here; a server with other settings sharing the database may check it."
      });
    });
    if (!recorded) throw monitorNotFound(id); // removed while the check ran (a cancelled call never gets here)
    const fence = new Fence();
    const lines = [`#${id} ${monitor.name}: ${describeCheckRecord(recorded.check, fence)}`];
    if (recorded.changed) lines.push(`Status changed from ${recorded.previousStatus} to ${recorded.status}.`);
    if (recorded.incident)
      lines.push(
        `${recorded.incident.event === 'opened' ? 'Opened' : recorded.incident.event === 'closed' ? 'Closed' : 'Still open'}: ${describeIncident(recorded.incident.incident, fence)}`
      );
    return { structured: recorded, text: fencedText(lines, fence) };
  }
});
