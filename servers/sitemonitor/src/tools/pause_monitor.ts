import { defineTool } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Deps } from '../server.js';
import { describeMonitor, getMonitorOrFail, monitorIdInput, monitorNotFound, monitorSchema } from './common.js';

/** pause_monitor and resume_monitor: one switch, two tools so each name says what it does. */
const switchMonitor = (deps: Deps, paused: boolean) =>
  defineTool({
    name: paused ? 'pause_monitor' : 'resume_monitor',
    title: paused ? 'Pause a monitor' : 'Resume a monitor',
    description: paused
      ? 'Use to stop a monitor’s scheduled checks without losing it or its history (planned maintenance, a site being rebuilt). ' +
        'Use resume_monitor to start again and remove_monitor to delete it.'
      : 'Use to restart the scheduled checks of a paused monitor; it is checked right away. Use pause_monitor to stop them.',
    input: z.object({ id: monitorIdInput }),
    output: z.object({ monitor: monitorSchema, wasPaused: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async handler({ id }) {
      const before = getMonitorOrFail(deps, id);
      const monitor = deps.service.setPaused(id, paused);
      if (!monitor) throw monitorNotFound(id);
      const what =
        before.paused === paused ? `was already ${paused ? 'paused' : 'active'}` : paused ? 'paused' : 'resumed';
      return {
        structured: { monitor, wasPaused: before.paused },
        text: `Monitor ${what}: ${describeMonitor(monitor)}.`
      };
    }
  });

export const pauseMonitor = (deps: Deps) => switchMonitor(deps, true);
export const resumeMonitor = (deps: Deps) => switchMonitor(deps, false);
