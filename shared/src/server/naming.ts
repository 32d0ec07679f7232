import * as z from 'zod';

export const TOOL_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
export const PROMPT_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
export const FIELD_NAME = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Names of object properties in a schema that break the camelCase rule, as dotted paths. Keys of
 * records (additionalProperties) are data, not field names, and are not checked.
 */
export function nonCamelCaseFields(schema: z.ZodType, io: 'input' | 'output'): string[] {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  const bad: string[] = [];
  walk(json, '', bad, 0);
  return bad;
}

function walk(node: unknown, path: string, bad: string[], depth: number): void {
  if (!node || typeof node !== 'object' || depth > 40) return;
  const schema = node as Record<string, unknown>;
  const properties = schema.properties as Record<string, unknown> | undefined;
  if (properties) {
    for (const [key, value] of Object.entries(properties)) {
      const here = path ? `${path}.${key}` : key;
      if (!FIELD_NAME.test(key)) bad.push(here);
      walk(value, here, bad, depth + 1);
    }
  }
  for (const key of ['items', 'additionalProperties', 'not']) walk(schema[key], `${path}[]`, bad, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    const options = schema[key];
    if (Array.isArray(options)) for (const option of options) walk(option, path, bad, depth + 1);
  }
  const defs = (schema.$defs ?? schema.definitions) as Record<string, unknown> | undefined;
  if (defs) for (const value of Object.values(defs)) walk(value, path, bad, depth + 1);
}

/** Levenshtein distance, for "did you mean" on names an operator typed. Inputs are short names. */
export function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.max(a.length, b.length);
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** " Did you mean x?" for the closest known name within a small distance, else "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const threshold = Math.max(2, Math.floor(name.length / 3));
  return best !== undefined && bestDistance <= threshold ? ` Did you mean "${best}"?` : '';
}
