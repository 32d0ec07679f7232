import { ToolError } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';

export const echoText = defineTool({
  name: 'echo_text',
  title: 'Echo text',
  description:
    'Use to check that the server answers: returns the text you send, with the configured greeting in front. ' +
    'It has no side effects and reads nothing.',
  input: z.object({
    text: z
      .string()
      .min(1, 'text must not be empty')
      .max(1000, 'text must be at most 1000 characters')
      .describe('Text to echo back.'),
    shout: z.boolean().default(false).describe('Upper-case the reply.')
  }),
  output: z.object({ reply: z.string(), length: z.number().int() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { text, shout }, config }) {
    if (text.includes('\u0000'))
      throw new ToolError('text contains a NUL byte', { hint: 'Remove control characters and try again.' });
    const reply = `${config.greeting}: ${shout ? text.toUpperCase() : text}`;
    return { structured: { reply, length: reply.length }, text: reply };
  }
});
