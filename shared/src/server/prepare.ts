import type { McpRequestContext, McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { commonSchema, commonSpecsFor } from '../runtime/common-settings.js';
import type { SettingsSpec } from '../runtime/config.js';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import type { AnyServerManifest } from './define.js';
import { registerManifestItems } from './register.js';
import { composeInstructions, selectTools, type ToolSelection } from './select.js';

/** Every flag and variable a server reads: the common ones, then its own (which may override). */
export function manifestSettings(manifest: AnyServerManifest): { specs: SettingsSpec; schema: z.ZodObject } {
  return {
    specs: { ...commonSpecsFor(manifest.name), ...manifest.settings.specs },
    schema: commonSchema.extend(manifest.settings.schema.shape)
  };
}

export interface PreparedManifest {
  selection: ToolSelection;
  instructions: string;
  /** Builds one SDK server for a connection (stdio) or a request (HTTP). Cheap: it opens nothing. */
  factory(deps: unknown, runtime: ServerRuntime): (request?: McpRequestContext) => McpServer;
}

/** What a manifest offers under one configuration; throws ConfigError for unknown tool or toolset names. */
export function prepareManifest(manifest: AnyServerManifest, config: Record<string, unknown>): PreparedManifest {
  const selection = selectTools(manifest, config as Parameters<typeof selectTools>[1]);
  const instructions = composeInstructions(manifest, config, selection);
  const capabilities = {
    tools: {},
    ...(selection.resources.length ? { resources: {} } : {}),
    ...(selection.prompts.length ? { prompts: {} } : {}),
    ...manifest.capabilities
  };
  return {
    selection,
    instructions,
    factory: (deps, runtime) => (request) => {
      const server = runtime.newMcpServer({ ...(instructions ? { instructions } : {}), capabilities });
      const session = manifest.connect?.({ server, config, deps, runtime, request });
      registerManifestItems({ config, deps, session, selection, runtime, server, request });
      return server;
    }
  };
}

/** The Toolsets section of --help: which sets exist, which are on by default, and their tools. */
export function renderToolsetsHelp(manifest: AnyServerManifest): string {
  const lines = ['Toolsets (--toolsets a,b or all; * = on by default):'];
  for (const set of manifest.toolsets) {
    lines.push(`  ${set.default ? '*' : ' '} ${set.name} — ${set.description}`);
    lines.push(`      ${set.tools.map((tool) => tool.name).join(', ')}`);
  }
  return lines.join('\n');
}
