import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { allTools, toolProblems, type AnyCatalogTool, type AnyServerManifest } from '../server/define.js';
import { danglingMentions, describeTool } from '../server/select.js';
import { loadManifestConfig, type ManifestConfigOptions } from './manifest.js';

export interface ContractOptions extends ManifestConfigOptions {
  /** Folder of `<tool>.json` schema snapshots, usually `test/__toolsnaps__`. */
  snapshotDir: string;
  /** Rewrite snapshots instead of comparing (UPDATE_TOOLSNAPS=1). */
  updateSnapshots?: boolean;
}

/** What a host and a model see of one tool, as committed in `__toolsnaps__/<tool>.json`. */
export function toolSnapshot(tool: AnyCatalogTool, manifest: AnyServerManifest): Record<string, unknown> {
  const every = new Set(allTools(manifest).map((t) => t.name));
  return {
    name: tool.name,
    title: tool.title,
    description: describeTool(tool, (name) => every.has(name)),
    annotations: tool.annotations,
    inputSchema: stripSchemaKey(z.toJSONSchema(tool.input.strict(), { io: 'input', unrepresentable: 'any' })),
    outputSchema: stripSchemaKey(z.toJSONSchema(tool.output, { io: 'output', unrepresentable: 'any' }))
  };
}

function stripSchemaKey(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** Problems with how tools are declared: names, hints, descriptions. Empty when all is well. */
export function checkToolDeclarations(manifest: AnyServerManifest): string[] {
  const problems: string[] = [];
  for (const tool of allTools(manifest)) {
    for (const problem of toolProblems(tool)) problems.push(`${tool.name}: ${problem}`);
    const length = tool.description.trim().length;
    if (length < 40) problems.push(`${tool.name}: description is ${length} characters; say when to use it (40+)`);
    if (length > 1200) problems.push(`${tool.name}: description is ${length} characters; keep it under 1200`);
    if (!/^[A-Z]/.test(tool.description.trim())) problems.push(`${tool.name}: description should start with a capital`);
    if (!(tool.output instanceof z.ZodObject)) problems.push(`${tool.name}: needs an object output schema`);
  }
  for (const item of [...(manifest.resources ?? []), ...(manifest.prompts ?? [])]) {
    if (!item.title?.trim() || !item.description?.trim())
      problems.push(`${item.kind} ${item.name}: needs a title and description`);
  }
  return problems;
}

/** The operator switches the contract tries, each with the argv that expresses it. */
function switchVariants(
  manifest: AnyServerManifest,
  base: readonly string[]
): Array<{ label: string; argv: string[] }> {
  const variants = [
    { label: 'defaults', argv: [...base] },
    { label: '--read-only', argv: [...base, '--read-only'] },
    { label: '--toolsets all', argv: [...base, '--toolsets', 'all'] },
    { label: '--toolsets all --read-only', argv: [...base, '--toolsets', 'all', '--read-only'] }
  ];
  for (const tool of allTools(manifest)) {
    variants.push({
      label: `--toolsets all --disable-tools ${tool.name}`,
      argv: [...base, '--toolsets', 'all', '--disable-tools', tool.name]
    });
  }
  return variants;
}

/**
 * Problems with what the operator's switches produce: a write tool under --read-only, a disabled
 * tool still offered, or enabled text naming a tool that is not offered.
 */
export function checkSwitches(manifest: AnyServerManifest, options: ManifestConfigOptions = {}): string[] {
  const problems: string[] = [];
  for (const variant of switchVariants(manifest, options.argv ?? [])) {
    const { config, prepared } = loadManifestConfig(manifest, { argv: variant.argv, env: options.env ?? {} });
    const { selection } = prepared;
    if (variant.label.includes('--read-only')) {
      for (const tool of selection.tools)
        if (!tool.annotations.readOnlyHint) problems.push(`${variant.label}: offers write tool ${tool.name}`);
    }
    const disabled = /--disable-tools (\S+)/.exec(variant.label)?.[1];
    if (disabled && selection.enabled.has(disabled)) problems.push(`${variant.label}: still offers ${disabled}`);
    for (const mention of danglingMentions(manifest, config, selection)) problems.push(`${variant.label}: ${mention}`);
  }
  return problems;
}

/** Compares (or with update, rewrites) every tool's snapshot; a missing, changed or orphaned file is a problem. */
export function checkSnapshots(manifest: AnyServerManifest, options: ContractOptions): string[] {
  const problems: string[] = [];
  const dir = options.snapshotDir;
  if (options.updateSnapshots) mkdirSync(dir, { recursive: true });
  const expected = new Set<string>();
  for (const tool of allTools(manifest)) {
    const file = path.join(dir, `${tool.name}.json`);
    expected.add(`${tool.name}.json`);
    const current = `${JSON.stringify(toolSnapshot(tool, manifest), null, 2)}\n`;
    if (options.updateSnapshots) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== current) writeFileSync(file, current);
      continue;
    }
    if (!existsSync(file)) {
      problems.push(`${tool.name}: no snapshot at ${file}; run the tests with UPDATE_TOOLSNAPS=1 and commit it`);
    } else if (readFileSync(file, 'utf8') !== current) {
      problems.push(
        `${tool.name}: the tool's schema, description or annotations changed from ${file}; if intended, rerun with UPDATE_TOOLSNAPS=1, review the diff and commit it`
      );
    }
  }
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.json') || expected.has(name)) continue;
      if (options.updateSnapshots) unlinkSync(path.join(dir, name));
      else problems.push(`${name}: snapshot of a tool this server no longer has; delete it (or UPDATE_TOOLSNAPS=1)`);
    }
  }
  return problems;
}
