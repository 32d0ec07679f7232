import { defineSettings, setting, type ConfigOf } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Every setting once: type, bounds and default on the zod field; flag and env names are derived. */
export const settings = defineSettings('__NAME__', {
  greeting: setting(z.string().min(1).max(40).default('Echo'), {
    description: 'Word the echo_text tool puts in front of the text (default Echo).',
    example: 'Hello'
  })
});

export type Config = ConfigOf<typeof settings>;
