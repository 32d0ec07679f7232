import * as z from 'zod';
import { typeText as type } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput, targetFields, targetOf, timeoutSchema } from './common.js';

export const typeText = defineTool({
  name: 'type_text',
  title: 'Type text',
  description:
    'Use to type into one text field or editable element, by ref (or CSS selector), optionally replacing what is there and pressing Enter after; returns what changed.',
  seeAlso: { fill_form: 'to set several fields at once', press_key: 'for a single key or shortcut' },
  input: z.strictObject({
    ...targetFields,
    text: z.string().max(20_000).describe('Text to type.'),
    clear: z.boolean().default(true).describe('Replace the current value (default) instead of appending.'),
    submit: z.boolean().default(false).describe('Press Enter after typing.'),
    timeoutMs: timeoutSchema
  }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler({ args, config, deps }) {
    const timeoutMs = args.timeoutMs ?? config.actionTimeoutSeconds * 1000;
    return act(deps.session, timeoutMs, async (tracked) => {
      const element = await type(tracked, targetOf(args), args.text, {
        timeoutMs,
        clear: args.clear,
        submit: args.submit
      });
      return `Typed ${args.text.length} characters into ${element.label}${args.submit ? ' and pressed Enter' : ''}.`;
    });
  }
});
