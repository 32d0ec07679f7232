import * as z from 'zod';
import { fillForm as fill } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput, refSchema, selectorSchema, targetOf, timeoutSchema } from './common.js';

export const fillForm = defineTool({
  name: 'fill_form',
  title: 'Fill form',
  description:
    'Use to set several form fields in one call: text fields get the string, checkboxes true or false, selects the option value or label; by ref (or CSS selector). Submits nothing: click the submit button afterwards.',
  seeAlso: { type_text: 'to type key by key into one field', select_option: 'for a multi-select' },
  input: z.strictObject({
    fields: z
      .array(
        z.strictObject({
          ref: refSchema.optional(),
          selector: selectorSchema.optional(),
          value: z.union([z.string().max(20_000), z.boolean()])
        })
      )
      .min(1)
      .max(50),
    timeoutMs: timeoutSchema
  }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ args, config, deps }) {
    const timeoutMs = args.timeoutMs ?? config.actionTimeoutSeconds * 1000;
    return act(deps.session, timeoutMs, async (tracked) => {
      const fields = args.fields.map((field, i) => ({ target: targetOf(field, `field ${i + 1}`), value: field.value }));
      const done = await fill(tracked, fields, timeoutMs);
      return `Filled ${done.length} field(s): ${done.join(', ')}.`;
    });
  }
});
