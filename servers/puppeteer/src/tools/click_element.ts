import * as z from 'zod';
import { clickElement as click } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput, targetFields, targetOf, timeoutSchema } from './common.js';

export const clickElement = defineTool({
  name: 'click_element',
  title: 'Click element',
  description:
    'Use to click a link, button, checkbox or any element, by ref from the latest snapshot (or a CSS selector); returns what changed (URL, dialogs, new pages, a diff of the snapshot). Refuses to click through an overlay.',
  seeAlso: { fill_form: 'to set several fields at once', hover_element: 'to only move the mouse over it' },
  input: z.strictObject({
    ...targetFields,
    button: z.enum(['left', 'right', 'middle']).default('left'),
    doubleClick: z.boolean().default(false),
    modifiers: z
      .array(z.enum(['Alt', 'Control', 'Meta', 'Shift']))
      .max(4)
      .default([]),
    timeoutMs: timeoutSchema
  }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ args, config, deps }) {
    const timeoutMs = args.timeoutMs ?? config.actionTimeoutSeconds * 1000;
    return act(deps.session, timeoutMs, async (tracked) => {
      const element = await click(tracked, targetOf(args), {
        timeoutMs,
        button: args.button,
        clickCount: args.doubleClick ? 2 : 1,
        modifiers: args.modifiers
      });
      return `${args.doubleClick ? 'Double-clicked' : 'Clicked'} ${element.label}.`;
    });
  }
});
