import * as z from 'zod';
import { hoverElement as hover } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput, targetFields, targetOf, timeoutSchema } from './common.js';

export const hoverElement = defineTool({
  name: 'hover_element',
  title: 'Hover element',
  description: 'Use to move the mouse over an element (menus, tooltips), by ref or CSS selector; returns what changed.',
  seeAlso: { click_element: 'to click it' },
  input: z.strictObject({ ...targetFields, timeoutMs: timeoutSchema }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ args, config, deps }) {
    const timeoutMs = args.timeoutMs ?? config.actionTimeoutSeconds * 1000;
    return act(
      deps.session,
      timeoutMs,
      async (tracked) => `Hovered over ${(await hover(tracked, targetOf(args), timeoutMs)).label}.`
    );
  }
});
