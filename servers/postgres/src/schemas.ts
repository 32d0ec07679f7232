import * as z from 'zod';

/** Zod pieces shared by the tools that take SQL. */
export const sqlInput = z
  .string()
  .min(1, 'sql must not be empty')
  .max(100_000, 'sql must be at most 100000 characters')
  .describe('Exactly one SQL statement. Put values in params as $1, $2... instead of quoting them into the text.');

export const paramsInput = z
  .array(z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]))
  .max(100, 'at most 100 params')
  .default([])
  .describe(
    'Values for $1, $2... in order (strings, numbers, booleans or null). Add casts such as $1::date when the type is ambiguous.'
  );

export const identifierInput = (what: string) =>
  z
    .string()
    .min(1, `${what} must not be empty`)
    .max(256, `${what} must be at most 256 characters`)
    .describe(`${what[0]!.toUpperCase()}${what.slice(1)} exactly as stored (case-sensitive, without quotes).`);

export const columnSchema = z.object({ name: z.string(), type: z.string() });

/** The paging fields every list-shaped result carries. */
export const pageShape = {
  hasMore: z.boolean().describe('More exist past these.'),
  nextOffset: z.number().int().optional().describe('Pass as offset to get the next page.'),
  notice: z.string().optional().describe('What was cut and how to get more.')
};
