import * as z from 'zod';
import { dragElement as drag } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput, refSchema, selectorSchema, targetOf, timeoutSchema } from './common.js';

export const dragElement = defineTool({
  name: 'drag_element',
  title: 'Drag element',
  description:
    'Use to drag one element onto another with the mouse (sortable lists, drop zones), by refs or CSS selectors; returns what changed.',
  input: z.strictObject({
    fromRef: refSchema.optional(),
    fromSelector: selectorSchema.optional(),
    toRef: refSchema.optional(),
    toSelector: selectorSchema.optional(),
    timeoutMs: timeoutSchema
  }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ args, config, deps }) {
    const timeoutMs = args.timeoutMs ?? config.actionTimeoutSeconds * 1000;
    return act(deps.session, timeoutMs, async (tracked) => {
      const [from, to] = await drag(
        tracked,
        targetOf({ ref: args.fromRef, selector: args.fromSelector }, 'the element to drag'),
        targetOf({ ref: args.toRef, selector: args.toSelector }, 'the drop target'),
        timeoutMs
      );
      return `Dragged ${from.label} onto ${to.label}.`;
    });
  }
});
