import { defineSettings, setting, type ConfigOf } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Every setting once: type, bounds and default on the zod field; flag and env names are derived. */
export const settings = defineSettings('filesystem', {
  directories: setting(z.array(z.string().min(1)).default([]), {
    description:
      'Directories the server may access (and nothing outside them); usually given as arguments (DIR...). ' +
      'Without any, the MCP roots the client offers define the scope.',
    example: '/srv/docs,/srv/notes'
  }),
  clientRoots: setting(z.boolean().default(true), {
    description:
      'Follow the MCP roots the client offers (default true). They only narrow the directories given as arguments; ' +
      'with no arguments they alone define the scope. --no-client-roots ignores them.'
  }),
  maxFileBytes: setting(
    z
      .number({ message: 'must be a number' })
      .int()
      .min(1024, { message: 'must be at least 1024' })
      .max(1024 ** 3, { message: 'must be at most 1073741824 (1 GiB)' })
      .default(10 * 1024 * 1024),
    {
      description:
        'Largest file read whole (media, edits, multiple-file reads, content search) or written in one call (default 10485760).',
      example: '1048576'
    }
  ),
  scanTimeoutSeconds: setting(
    z
      .number({ message: 'must be a number' })
      .min(1, { message: 'must be at least 1' })
      .max(3600, { message: 'must be at most 3600' })
      .default(60),
    {
      description:
        'Seconds a directory_tree, search_files or search_file_contents call may run before it stops (default 60).',
      example: '30'
    }
  ),
  maxScanEntries: setting(
    z
      .number({ message: 'must be a number' })
      .int()
      .min(100, { message: 'must be at least 100' })
      .max(100_000_000, { message: 'must be at most 100000000' })
      .default(2_000_000),
    {
      description: 'Most directory entries one tree walk or search visits before it stops (default 2000000).',
      example: '500000'
    }
  )
});

/** The allowed directories also come as positional arguments: `mcp-server-filesystem DIR...`. */
export const positional = {
  key: 'directories',
  name: 'DIR',
  description:
    'Directories the server may access (and nothing outside them). Without any, the MCP roots the client offers define the scope.'
};

export type Config = ConfigOf<typeof settings>;
