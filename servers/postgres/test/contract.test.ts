import { fileURLToPath } from 'node:url';
import { allTools } from '@mcp-catalog/shared';
import { describeServerContract } from '@mcp-catalog/shared/testing/contract';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { manifest } from '../src/manifest.js';

// The catalog-wide contract: naming, hints, schema snapshots (UPDATE_TOOLSNAPS=1 rewrites them),
// the operator's switches, and the built bin's --help, --version and clean stdio. The bin starts
// without a reachable database (the pool connects on first use), so no DATABASE_URL is needed here.
describeServerContract(manifest, {
  bin: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  env: { DATABASE_URL: 'postgres://contract@127.0.0.1:1/unreachable' },
  snapshotDir: fileURLToPath(new URL('./__toolsnaps__', import.meta.url))
});

// Issue 14 item 10: output schemas in the spelling every host accepts (the Inspector's --strict
// lint): no `type` arrays (nullable fields are optional instead) and no schema that says nothing.
describe('portable output schemas', () => {
  it.each(allTools(manifest).map((tool) => [tool.name, tool] as const))('%s', (_name, tool) => {
    const problems: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      if (Array.isArray(schema.type)) problems.push(`${path}: type is an array`);
      for (const key of ['items', 'additionalProperties'] as const) {
        const child = schema[key];
        if (child && typeof child === 'object' && Object.keys(child).length === 0)
          problems.push(`${path}.${key}: says nothing`);
      }
      for (const [key, child] of Object.entries(schema)) walk(child, `${path}.${key}`);
    };
    walk(z.toJSONSchema(tool.output, { io: 'output', unrepresentable: 'any' }), 'outputSchema');
    expect(problems).toEqual([]);
  });
});
