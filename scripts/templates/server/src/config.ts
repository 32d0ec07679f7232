import type { CommonConfig, SettingsSpec } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Where each setting comes from: a flag and an environment variable (flags win). */
export const settings = {
  greeting: {
    flag: 'greeting',
    env: '__ENV___GREETING',
    type: 'string',
    description: 'Word the echo_text tool puts in front of the text.',
    example: 'Hello'
  },
  readOnly: {
    flag: 'read-only',
    env: '__ENV___READ_ONLY',
    type: 'boolean',
    description: 'Offer only tools that change nothing.'
  }
} as const satisfies SettingsSpec;

/** What the settings must look like, with defaults. */
export const configSchema = z.object({
  greeting: z.string().min(1).max(40).default('Echo'),
  readOnly: z.boolean().default(false)
});

export type Config = z.output<typeof configSchema> & Partial<CommonConfig>;
