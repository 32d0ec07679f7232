import { defineTool } from '../kit.js';
import * as z from 'zod';
import { describeMonitor, monitorIdInput, monitorNotFound, monitorSchema } from './common.js';

export const removeMonitor = defineTool({
  name: 'remove_monitor',
  title: 'Remove a monitor',
  description:
    'Use to delete a monitor for good, together with its check history and incidents; this cannot be undone.',
  seeAlso: { pause_monitor: 'instead to stop checks but keep the history' },
  input: z.object({ monitorId: monitorIdInput }),
  output: z.object({ removed: monitorSchema, deletedChecks: z.number(), deletedIncidents: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async handler({ args: { monitorId: id }, deps }) {
    const removed = deps.service.remove(id);
    if (!removed) throw monitorNotFound(id);
    const { monitor, checks, incidents } = removed;
    return {
      structured: { removed: monitor, deletedChecks: checks, deletedIncidents: incidents },
      text: `Removed ${describeMonitor(monitor)} with ${checks} check(s) and ${incidents} incident(s).`
    };
  }
});
