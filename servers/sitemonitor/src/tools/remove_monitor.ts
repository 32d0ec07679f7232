import { defineTool } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Deps } from '../server.js';
import { describeMonitor, monitorIdInput, monitorNotFound, monitorSchema } from './common.js';

export const removeMonitor = (deps: Deps) =>
  defineTool({
    name: 'remove_monitor',
    title: 'Remove a monitor',
    description:
      'Use to delete a monitor for good, together with its check history and incidents; this cannot be undone. ' +
      'Use pause_monitor instead to stop checks but keep the history.',
    input: z.object({ id: monitorIdInput }),
    output: z.object({ removed: monitorSchema, deletedChecks: z.number(), deletedIncidents: z.number() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ id }) {
      const removed = deps.service.remove(id);
      if (!removed) throw monitorNotFound(id);
      const { monitor, checks, incidents } = removed;
      return {
        structured: { removed: monitor, deletedChecks: checks, deletedIncidents: incidents },
        text: `Removed ${describeMonitor(monitor)} with ${checks} check(s) and ${incidents} incident(s).`
      };
    }
  });
