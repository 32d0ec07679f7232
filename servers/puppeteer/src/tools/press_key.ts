import * as z from 'zod';
import { pressKey as press } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput } from './common.js';

export const pressKey = defineTool({
  name: 'press_key',
  title: 'Press key',
  description:
    'Use to press one key or shortcut in the focused element of the selected page (Enter, Tab, Escape, ArrowDown, Control+A); returns what changed.',
  seeAlso: { type_text: 'to type text into a field' },
  input: z.strictObject({
    key: z
      .string()
      .min(1)
      .max(60)
      .regex(/^[A-Za-z0-9+ _\-.,;:'"/\\[\]`=!?@#$%^&*()~<>{}|]+$/, 'key must be a key name such as Enter or Control+A')
      .describe('Key name, with modifiers joined by +.')
  }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ args, config, deps }) {
    return act(deps.session, config.actionTimeoutSeconds * 1000, async (tracked) => {
      await press(tracked, args.key);
      return `Pressed ${args.key}.`;
    });
  }
});
