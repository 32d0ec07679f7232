import { pageOutput } from '@mcp-catalog/shared';
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

/** A SQL value as JSON: text for what JSON cannot hold exactly (timestamps, numerics, bigints). */
const ANY_JSON = {
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'null' },
    { type: 'array' },
    { type: 'object' }
  ]
};
// Arrays and json values are free-form; their JSON Schema says so in the spelling portable hosts accept.
export const cellSchema = z
  .union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(z.unknown()).meta({ items: ANY_JSON }),
    z.record(z.string(), z.unknown()).meta({ additionalProperties: true })
  ])
  .describe(
    'One value: JSON for json/jsonb, arrays and booleans, numbers for small integers and floats, else text as PostgreSQL prints it.'
  );

/** The catalog's paging fields (total, nextOffset) plus the sentence that says what was cut. */
export const pageShape = {
  ...pageOutput,
  notice: z.string().optional().describe('What was cut and how to get more.')
};

/** The next-page fields from a shared truncation result. */
export function pageFields(truncation: { nextOffset?: number; notice?: string }, total?: number) {
  return {
    ...(total === undefined ? {} : { total }),
    ...(truncation.nextOffset === undefined ? {} : { nextOffset: truncation.nextOffset }),
    ...(truncation.notice ? { notice: truncation.notice } : {})
  };
}

/**
 * The object without its null-valued fields: structuredContent stays lean, and output schemas say
 * `optional` rather than `["x", "null"]`, which hosts that map schemas onto a single-type dialect
 * (Gemini's OpenAPI subset) reject.
 */
export function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
