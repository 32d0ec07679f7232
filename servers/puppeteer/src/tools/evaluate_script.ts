import { Fence, untrusted } from '@mcp-catalog/shared';
import * as z from 'zod';
import { BrowserError } from '../browser/errors.js';
import { defineTool } from '../kit.js';
import { activePage, NOTICE } from './common.js';

export const evaluateScript = defineTool({
  name: 'evaluate_script',
  title: 'Evaluate script',
  description:
    'Use to run a JavaScript expression or function body in the selected page (never in the server) and get its JSON result, capped; only offered when the operator passes --allow-evaluate.',
  seeAlso: { take_snapshot: 'to read the page without running code' },
  input: z.strictObject({
    expression: z.string().min(1).max(20_000).describe('An expression, e.g. document.title or (() => { ... })().'),
    timeoutMs: z.number().int().min(100).max(30_000).default(5000)
  }),
  output: z.object({ pageId: z.string(), result: z.object({ untrusted: z.string() }), truncated: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  enabled: (config) => config.allowEvaluate,
  async handler({ args, deps }) {
    const tracked = await activePage(deps.session);
    const result = await tracked.cdp.send('Runtime.evaluate', {
      expression: args.expression,
      returnByValue: true,
      awaitPromise: true,
      timeout: args.timeoutMs,
      userGesture: false
    });
    if (result.exceptionDetails) {
      const detail = result.exceptionDetails.exception?.description ?? result.exceptionDetails.text;
      throw new BrowserError(`The script threw: ${String(detail).split('\n')[0]!.slice(0, 500)}`);
    }
    let json = JSON.stringify(result.result.value ?? null) ?? 'undefined';
    const truncated = json.length > 50_000;
    if (truncated) json = `${json.slice(0, 50_000)}…`;
    const fence = new Fence();
    return {
      text: [
        `Result on page ${tracked.id}${truncated ? ' (cut at 50 000 characters)' : ''}:`,
        NOTICE,
        fence.block('script result', json)
      ].join('\n'),
      structured: { pageId: tracked.id, result: untrusted(json), truncated }
    };
  }
});
