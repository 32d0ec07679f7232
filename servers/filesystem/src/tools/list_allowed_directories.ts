import * as z from 'zod';
import { defineTool } from '../kit.js';
import { currentState, fsOf } from './context.js';

export const listAllowedDirectories = defineTool({
  name: 'list_allowed_directories',
  title: 'List allowed directories',
  description:
    'Use first, or when a path is refused: lists the directories this server may access (nothing outside them is reachable) ' +
    'and whether it may write. Relative paths in other tools are resolved against the first one.',
  input: z.object({}),
  output: z.object({
    directories: z.array(z.string()),
    source: z.enum(['arguments', 'client roots', 'arguments narrowed by client roots', 'none']),
    readOnly: z.boolean(),
    reason: z.string().optional().describe('Why no directory is allowed, when none is.')
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler(call) {
    const { scope, config } = fsOf(call);
    const ctx = call;
    const state = await currentState(scope, ctx.request);
    const directories = [...state.guard.displayRoots];
    const mode = config.readOnly ? 'read-only' : 'read and write';
    const text =
      directories.length > 0
        ? `Allowed directories (${mode}; from ${state.source}):\n${directories.join('\n')}`
        : `No directory is allowed: ${state.emptyReason ?? 'none is configured'}.${state.fix ? ` ${state.fix}` : ''}`;
    return {
      structured: {
        directories,
        source: state.source,
        readOnly: config.readOnly,
        ...(state.emptyReason && directories.length === 0 ? { reason: state.emptyReason } : {})
      },
      text
    };
  }
});
