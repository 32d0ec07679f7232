import * as z from 'zod';
import { selectOption as select } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput, targetFields, targetOf, timeoutSchema } from './common.js';

export const selectOption = defineTool({
  name: 'select_option',
  title: 'Select option',
  description: 'Use to choose one or more options of a <select>, by value or visible label; returns what changed.',
  seeAlso: { fill_form: 'to set it together with other fields' },
  input: z.strictObject({
    ...targetFields,
    values: z.array(z.string().max(1000)).min(1).max(100).describe('Option values or labels.'),
    timeoutMs: timeoutSchema
  }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ args, config, deps }) {
    const timeoutMs = args.timeoutMs ?? config.actionTimeoutSeconds * 1000;
    return act(deps.session, timeoutMs, async (tracked) => {
      const { element, selected } = await select(tracked, targetOf(args), args.values, timeoutMs);
      return `Selected ${selected.map((s) => JSON.stringify(s.slice(0, 100))).join(', ')} in ${element.label}.`;
    });
  }
});
