import * as z from 'zod';
import { defineTool } from '../kit.js';
import { monitorIdInput, monitorSchema, setPaused } from './common.js';

export const pauseMonitor = defineTool({
  name: 'pause_monitor',
  title: 'Pause a monitor',
  description:
    'Use to stop a monitor’s scheduled checks without losing it or its history (planned maintenance, a site being rebuilt).',
  seeAlso: { resume_monitor: 'to start again', remove_monitor: 'to delete it' },
  input: z.object({ monitorId: monitorIdInput }),
  output: z.object({ monitor: monitorSchema, wasPaused: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    return setPaused(deps, args.monitorId, true);
  }
});
