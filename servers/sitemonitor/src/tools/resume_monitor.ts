import * as z from 'zod';
import { defineTool } from '../kit.js';
import { monitorIdInput, monitorSchema, setPaused } from './common.js';

export const resumeMonitor = defineTool({
  name: 'resume_monitor',
  title: 'Resume a monitor',
  description: 'Use to restart the scheduled checks of a paused monitor; it is checked right away.',
  seeAlso: { pause_monitor: 'to stop them' },
  input: z.object({ monitorId: monitorIdInput }),
  output: z.object({ monitor: monitorSchema, wasPaused: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args, deps }) {
    return setPaused(deps, args.monitorId, false);
  }
});
