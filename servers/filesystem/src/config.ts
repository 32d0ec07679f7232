import type { CommonConfig, SettingsSpec } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Where each setting comes from: a flag and an environment variable (flags win). */
export const settings = {
  readOnly: {
    flag: 'read-only',
    env: 'FILESYSTEM_READ_ONLY',
    type: 'boolean',
    description: 'Offer only tools that change nothing: the write tools are not even listed.'
  },
  clientRoots: {
    flag: 'client-roots',
    env: 'FILESYSTEM_CLIENT_ROOTS',
    type: 'boolean',
    description:
      'Follow the MCP roots the client offers (default true). They only narrow the directories given as arguments; ' +
      'with no arguments they alone define the scope. --no-client-roots ignores them.'
  },
  maxFileBytes: {
    flag: 'max-file-bytes',
    env: 'FILESYSTEM_MAX_FILE_BYTES',
    type: 'number',
    description:
      'Largest file read whole (media, edits, multiple-file reads, content search) or written in one call (default 10485760).',
    example: '1048576'
  },
  scanTimeoutSeconds: {
    flag: 'scan-timeout',
    env: 'FILESYSTEM_SCAN_TIMEOUT',
    type: 'number',
    description:
      'Seconds a directory_tree, search_files or search_file_contents call may run before it stops (default 60).',
    example: '30'
  },
  maxScanEntries: {
    flag: 'max-scan-entries',
    env: 'FILESYSTEM_MAX_SCAN_ENTRIES',
    type: 'number',
    description: 'Most directory entries one tree walk or search visits before it stops (default 2000000).',
    example: '500000'
  }
} as const satisfies SettingsSpec;

/** The allowed directories come as positional arguments: `mcp-server-filesystem DIR...`. */
export const positional = {
  key: 'directories',
  name: 'DIR',
  description:
    'Directories the server may access (and nothing outside them). Without any, the MCP roots the client offers define the scope.'
};

/** What the settings must look like, with defaults. */
export const configSchema = z.object({
  directories: z.array(z.string().min(1)).default([]),
  readOnly: z.boolean().default(false),
  clientRoots: z.boolean().default(true),
  maxFileBytes: z
    .number({ message: 'must be a number' })
    .int()
    .min(1024, { message: 'must be at least 1024' })
    .max(1024 ** 3, { message: 'must be at most 1073741824 (1 GiB)' })
    .default(10 * 1024 * 1024),
  scanTimeoutSeconds: z
    .number({ message: 'must be a number' })
    .min(1, { message: 'must be at least 1' })
    .max(3600, { message: 'must be at most 3600' })
    .default(60),
  maxScanEntries: z
    .number({ message: 'must be a number' })
    .int()
    .min(100, { message: 'must be at least 100' })
    .max(100_000_000, { message: 'must be at most 100000000' })
    .default(2_000_000)
});

export type Config = z.output<typeof configSchema> & Partial<CommonConfig>;
