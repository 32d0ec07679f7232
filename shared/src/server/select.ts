import { ConfigError } from '../runtime/config.js';
import type { CommonConfig } from '../runtime/common-settings.js';
import {
  allTools,
  type AnyCatalogPrompt,
  type AnyCatalogResource,
  type AnyCatalogTool,
  type AnyServerManifest,
  type TextFragment
} from './define.js';
import { didYouMean } from './naming.js';

export interface ToolSelection {
  /** The tools offered, in manifest order. */
  tools: AnyCatalogTool[];
  enabled: ReadonlySet<string>;
  /** Every tool left out, and which switch left it out. */
  left: ReadonlyArray<{ tool: string; reason: string }>;
  toolsets: readonly string[];
  resources: AnyCatalogResource[];
  prompts: AnyCatalogPrompt[];
}

type Switches = Pick<CommonConfig, 'readOnly' | 'toolsets' | 'tools' | 'disableTools'> &
  Partial<Pick<CommonConfig, 'rateLimits'>>;

/**
 * The one place the operator's switches decide what a server offers: the chosen toolsets (the
 * defaults unless --toolsets), plus --tools, minus tools whose opt-in setting is off, minus
 * writes under --read-only, minus --disable-tools (which always wins). A name that matches no
 * tool or toolset is a configuration error: a typo must not silently change what is offered.
 */
export function selectTools(manifest: AnyServerManifest, config: Switches & Record<string, unknown>): ToolSelection {
  const every = allTools(manifest);
  const toolNames = new Set(every.map((tool) => tool.name));
  const setNames = manifest.toolsets.map((set) => set.name);
  const problems: string[] = [];
  const unknown = (flag: string, name: string, known: Iterable<string>, kind: string) =>
    problems.push(
      `--${flag}: "${name}" is not a ${kind} of this server.${didYouMean(name, known)} Run with --help to list them.`
    );

  const requested = config.toolsets ?? [];
  for (const name of requested)
    if (name !== 'all' && !setNames.includes(name)) unknown('toolsets', name, [...setNames, 'all'], 'toolset');
  for (const name of config.tools ?? []) if (!toolNames.has(name)) unknown('tools', name, toolNames, 'tool');
  for (const name of config.disableTools ?? [])
    if (!toolNames.has(name)) unknown('disable-tools', name, toolNames, 'tool');
  for (const name of Object.keys(config.rateLimits ?? {}))
    if (!toolNames.has(name)) unknown('rate-limit', name, toolNames, 'tool');
  if (problems.length) throw new ConfigError(problems);

  const chosenSets =
    requested.length === 0
      ? manifest.toolsets.filter((set) => set.default).map((set) => set.name)
      : requested.includes('all')
        ? setNames
        : setNames.filter((name) => requested.includes(name));
  const extra = new Set(config.tools ?? []);
  const disabled = new Set(config.disableTools ?? []);
  const tools: AnyCatalogTool[] = [];
  const left: Array<{ tool: string; reason: string }> = [];
  for (const set of manifest.toolsets) {
    for (const tool of set.tools) {
      const reason =
        !chosenSets.includes(set.name) && !extra.has(tool.name)
          ? `toolset "${set.name}" is not enabled (--toolsets ${set.name} or --tools ${tool.name})`
          : tool.enabled && !tool.enabled(config)
            ? 'needs an operator setting (see its description in the README)'
            : config.readOnly && !tool.annotations.readOnlyHint
              ? '--read-only'
              : disabled.has(tool.name)
                ? '--disable-tools'
                : undefined;
      if (reason) left.push({ tool: tool.name, reason });
      else tools.push(tool);
    }
  }
  return {
    tools,
    enabled: new Set(tools.map((tool) => tool.name)),
    left,
    toolsets: chosenSets,
    resources: (manifest.resources ?? []).filter((r) => !r.enabled || r.enabled(config)),
    prompts: (manifest.prompts ?? []).filter((p) => !p.enabled || p.enabled(config))
  };
}

export function renderFragment<Config>(
  fragment: TextFragment<Config> | undefined,
  config: Config,
  isEnabled: (name: string) => boolean
): string {
  if (fragment === undefined) return '';
  return (typeof fragment === 'function' ? fragment({ config, isEnabled }) : fragment).trim();
}

/** The server's instructions: its own, then the fragment of every toolset that has an enabled tool. */
export function composeInstructions(manifest: AnyServerManifest, config: unknown, selection: ToolSelection): string {
  const isEnabled = (name: string) => selection.enabled.has(name);
  const parts = [renderFragment(manifest.instructions, config, isEnabled)];
  for (const set of manifest.toolsets) {
    if (set.tools.some((tool) => isEnabled(tool.name))) parts.push(renderFragment(set.instructions, config, isEnabled));
  }
  return parts.filter(Boolean).join(' ');
}

/** A tool's description with a "Use X for …" sentence for each enabled sibling. */
export function describeTool(tool: AnyCatalogTool, isEnabled: (name: string) => boolean): string {
  const sentences = Object.entries(tool.seeAlso ?? {})
    .filter(([sibling]) => isEnabled(sibling))
    .map(([sibling, when]) => `Use ${sibling} ${when.trim().replace(/\.$/, '')}.`);
  return [tool.description.trim(), ...sentences].join(' ');
}

/**
 * Tool names of this server that enabled text mentions although they are not enabled: what a
 * model would try to call and not find. Empty when instructions and descriptions are consistent.
 */
export function danglingMentions(manifest: AnyServerManifest, config: unknown, selection: ToolSelection): string[] {
  const missing = allTools(manifest)
    .map((tool) => tool.name)
    .filter((name) => !selection.enabled.has(name));
  if (missing.length === 0) return [];
  const isEnabled = (name: string) => selection.enabled.has(name);
  const texts: Array<[string, string]> = [['instructions', composeInstructions(manifest, config, selection)]];
  for (const tool of selection.tools) texts.push([`${tool.name} description`, describeTool(tool, isEnabled)]);
  for (const r of selection.resources) texts.push([`resource ${r.name}`, r.description]);
  for (const p of selection.prompts) texts.push([`prompt ${p.name}`, p.description]);
  const found: string[] = [];
  for (const [where, text] of texts) {
    for (const name of missing) {
      if (new RegExp(`(^|[^a-z0-9_])${name}([^a-z0-9_]|$)`).test(text)) found.push(`${where} names ${name}`);
    }
  }
  return found;
}
