import type {
  GetPromptResult,
  McpRequestContext,
  McpServer,
  ReadResourceResult,
  Resource,
  ServerCapabilities,
  ServerContext
} from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { Logger } from '../log/index.js';
import type { HealthReport } from '../runtime/http.js';
import type { PositionalSpec } from '../runtime/config.js';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import type { RateLimit, ToolContext, ToolError, ToolResult } from '../tool/index.js';
import { commonShape } from '../runtime/common-settings.js';
import { nonCamelCaseFields, PROMPT_NAME, TOOL_NAME } from './naming.js';
import type { SettingsDefinition } from './settings.js';

/** All four hints, stated: the MCP defaults (not read-only, destructive, open world) are wrong too often. */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a handler gets at call time, besides the SDK request context. */
export interface CallContext<Config, Deps, Session> {
  config: Config;
  deps: Deps;
  /** What the manifest's `connect` returned for this connection (or HTTP request). */
  session: Session;
  /** Whether a tool of this server is offered under the operator's switches (for "see also" text). */
  isEnabled(toolName: string): boolean;
}

export type ToolCall<Config, Deps, Session, Args> = ToolContext & CallContext<Config, Deps, Session> & { args: Args };

export interface CatalogTool<
  Config = any,
  Deps = any,
  Session = any,
  Input extends z.ZodObject = z.ZodObject,
  Output extends z.ZodObject = z.ZodObject
> {
  readonly kind: 'tool';
  /** snake_case verb_noun, unique in the catalog where practical. */
  name: string;
  title: string;
  /** Written for a model: the first sentence says when to use it. Name siblings in `seeAlso`, not here. */
  description: string;
  /** Sibling tool -> when to use it instead ("for one issue with its comments"); shown only if that tool is enabled. */
  seeAlso?: Readonly<Record<string, string>>;
  input: Input;
  output: Output;
  annotations: ToolHints;
  /** Operator opt-in: false leaves the tool out (e.g. writes that need a setting). Never a tool argument. */
  enabled?: (config: Config) => boolean;
  rateLimit?: RateLimit;
  handler(call: ToolCall<Config, Deps, Session, z.output<Input>>): Promise<ToolResult<z.input<Output>>>;
}

export type AnyCatalogTool = CatalogTool<any, any, any, any, any>;

/** The readable forms a resource read may return; `contents` when one read yields several parts. */
export type ResourceBody =
  | { text: string; mimeType?: string }
  | { blob: string; mimeType?: string }
  | { contents: ReadResourceResult['contents'] };

export interface ResourceRead<Config, Deps, Session, Variables> extends CallContext<Config, Deps, Session> {
  uri: URL;
  variables: Variables;
  signal: AbortSignal;
  logger: Logger;
  server: McpServer;
  request: McpRequestContext | undefined;
  /** The SDK context of this read: its envelope carries what a 2026-07-28 client sends per request (e.g. roots). */
  context: ServerContext;
}

export interface CatalogResource<Config = any, Deps = any, Session = any, Vars extends z.ZodObject = z.ZodObject> {
  readonly kind: 'resource';
  name: string;
  title: string;
  description: string;
  mimeType?: string;
  /** A fixed URI, or */
  uri?: string;
  /** an RFC 6570 template whose variables `variables` validates. */
  uriTemplate?: string;
  variables?: Vars;
  enabled?: (config: Config) => boolean;
  rateLimit?: RateLimit;
  /** Lists concrete resources of a template (bounded: resources/list has no paging for templates). */
  list?: (call: CallContext<Config, Deps, Session> & { signal: AbortSignal }) => Promise<Resource[]> | Resource[];
  /** Completes one template variable from a partial value. */
  complete?: Readonly<
    Record<string, (value: string, call: CallContext<Config, Deps, Session>) => Promise<string[]> | string[]>
  >;
  read(call: ResourceRead<Config, Deps, Session, z.output<Vars>>): Promise<ResourceBody> | ResourceBody;
}

export type AnyCatalogResource = CatalogResource<any, any, any, any>;

export interface PromptCall<Config, Deps, Session, Args> extends CallContext<Config, Deps, Session> {
  args: Args;
  signal: AbortSignal;
  logger: Logger;
}

export interface CatalogPrompt<Config = any, Deps = any, Session = any, Args extends z.ZodObject = z.ZodObject> {
  readonly kind: 'prompt';
  name: string;
  title: string;
  description: string;
  /** Prompt arguments arrive as strings; validate them here. */
  args?: Args;
  enabled?: (config: Config) => boolean;
  rateLimit?: RateLimit;
  handler(call: PromptCall<Config, Deps, Session, z.output<Args>>): Promise<GetPromptResult> | GetPromptResult;
}

export type AnyCatalogPrompt = CatalogPrompt<any, any, any, any>;

export type TextFragment<Config> =
  string | ((context: { config: Config; isEnabled(toolName: string): boolean }) => string);

export interface Toolset<Config = any> {
  name: string;
  /** One line for --help and the README. */
  description: string;
  /** Offered when the operator names no toolsets. */
  default: boolean;
  /** Added to the server's instructions when any tool of this set is enabled. */
  instructions?: TextFragment<Config>;
  tools: readonly AnyCatalogTool[];
}

export interface ConnectContext<Config, Deps> {
  server: McpServer;
  config: Config;
  deps: Deps;
  runtime: ServerRuntime;
  request: McpRequestContext | undefined;
}

export interface ServerManifest<Config = any, Deps = any, Session = any> {
  readonly kind: 'server';
  /** Short name: "filesystem" gives the bin mcp-server-filesystem and the package @mcp-catalog/server-filesystem. */
  name: string;
  version: string;
  /** One line for --help, the catalog and registries. */
  description: string;
  settings: SettingsDefinition<any>;
  positional?: PositionalSpec;
  examples?: readonly string[];
  /** What the server is for; toolset fragments follow it. */
  instructions: TextFragment<Config>;
  toolsets: readonly Toolset<Config>[];
  resources?: readonly AnyCatalogResource[];
  prompts?: readonly AnyCatalogPrompt[];
  /** Extra capabilities (e.g. resources.subscribe); tools, resources, prompts and logging are declared for you. */
  capabilities?: ServerCapabilities;
  /** Opens what lives as long as the process. Keep it cheap: start expensive things (browsers) on first use. */
  createDeps(config: Config, runtime: ServerRuntime): Promise<Deps> | Deps;
  /** Per-connection state (roots, subscriptions); called for every stdio connection and every HTTP request. */
  connect?(context: ConnectContext<Config, Deps>): Session;
  health?(deps: Deps): Promise<HealthReport>;
  close?(deps: Deps): Promise<void>;
  mapError?: (error: unknown) => ToolError | undefined;
}

export type AnyServerManifest = ServerManifest<any, any, any>;

/** Declares a tool. The naming rules and hints are checked here, so a bad tool fails its first test. */
export function defineTool<Config, Deps, Session, Input extends z.ZodObject, Output extends z.ZodObject>(
  definition: Omit<CatalogTool<Config, Deps, Session, Input, Output>, 'kind'>
): CatalogTool<Config, Deps, Session, Input, Output> {
  const problems = toolProblems(definition);
  if (problems.length) throw new Error(`tool "${definition.name}": ${problems.join('; ')}`);
  return { kind: 'tool', ...definition };
}

export function toolProblems(tool: Omit<AnyCatalogTool, 'kind'>): string[] {
  const problems: string[] = [];
  if (!TOOL_NAME.test(tool.name)) problems.push('name must be snake_case verb_noun, e.g. "read_text_file"');
  const hints = tool.annotations as Partial<ToolHints> | undefined;
  for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof hints?.[hint] !== 'boolean') problems.push(`annotations.${hint} must be stated (true or false)`);
  }
  if (hints?.readOnlyHint && hints.destructiveHint) problems.push('cannot be both read-only and destructive');
  if (!tool.title?.trim()) problems.push('needs a title');
  if (!tool.description?.trim()) problems.push('needs a description');
  const input = nonCamelCaseFields(tool.input, 'input');
  if (input.length) problems.push(`argument names must be camelCase: ${input.join(', ')}`);
  const output = nonCamelCaseFields(tool.output, 'output');
  if (output.length) problems.push(`output field names must be camelCase: ${output.join(', ')}`);
  for (const sibling of Object.keys(tool.seeAlso ?? {})) {
    if (sibling === tool.name) problems.push('seeAlso names the tool itself');
  }
  return problems;
}

export function defineResource<Config, Deps, Session, Vars extends z.ZodObject>(
  definition: Omit<CatalogResource<Config, Deps, Session, Vars>, 'kind'>
): CatalogResource<Config, Deps, Session, Vars> {
  if (Boolean(definition.uri) === Boolean(definition.uriTemplate)) {
    throw new Error(`resource "${definition.name}" needs exactly one of uri and uriTemplate`);
  }
  if (definition.variables) {
    const bad = nonCamelCaseFields(definition.variables, 'input');
    if (bad.length)
      throw new Error(`resource "${definition.name}": variable names must be camelCase: ${bad.join(', ')}`);
  }
  return { kind: 'resource', ...definition };
}

export function definePrompt<Config, Deps, Session, Args extends z.ZodObject>(
  definition: Omit<CatalogPrompt<Config, Deps, Session, Args>, 'kind'>
): CatalogPrompt<Config, Deps, Session, Args> {
  if (!PROMPT_NAME.test(definition.name)) throw new Error(`prompt name "${definition.name}" must be snake_case`);
  if (definition.args) {
    const bad = nonCamelCaseFields(definition.args, 'input');
    if (bad.length) throw new Error(`prompt "${definition.name}": argument names must be camelCase: ${bad.join(', ')}`);
  }
  return { kind: 'prompt', ...definition };
}

/**
 * The define functions typed for one server, so handlers see its Config, Deps and Session without
 * annotations: `export const { defineTool, defineResource, definePrompt } = forServer<Config, Deps>();`
 */
export function forServer<Config, Deps, Session = undefined>() {
  return {
    defineTool: <Input extends z.ZodObject, Output extends z.ZodObject>(
      definition: Omit<CatalogTool<Config, Deps, Session, Input, Output>, 'kind'>
    ) => defineTool<Config, Deps, Session, Input, Output>(definition),
    defineResource: <Vars extends z.ZodObject = z.ZodObject<Record<string, never>>>(
      definition: Omit<CatalogResource<Config, Deps, Session, Vars>, 'kind'>
    ) => defineResource<Config, Deps, Session, Vars>(definition),
    definePrompt: <Args extends z.ZodObject = z.ZodObject<Record<string, never>>>(
      definition: Omit<CatalogPrompt<Config, Deps, Session, Args>, 'kind'>
    ) => definePrompt<Config, Deps, Session, Args>(definition)
  };
}

/** Declares a server. Checks that names are unique and every sibling a description names exists. */
export function defineServer<Config, Deps, Session = undefined>(
  manifest: Omit<ServerManifest<Config, Deps, Session>, 'kind'>
): ServerManifest<Config, Deps, Session> {
  const problems: string[] = [];
  const toolNames = new Map<string, string>();
  const toolsetNames = new Set<string>();
  for (const toolset of manifest.toolsets) {
    if (!/^[a-z][a-z0-9_]*$/.test(toolset.name)) problems.push(`toolset "${toolset.name}" must be snake_case`);
    if (toolsetNames.has(toolset.name)) problems.push(`toolset "${toolset.name}" is declared twice`);
    toolsetNames.add(toolset.name);
    for (const tool of toolset.tools) {
      const other = toolNames.get(tool.name);
      if (other) problems.push(`tool "${tool.name}" is in toolsets "${other}" and "${toolset.name}"`);
      toolNames.set(tool.name, toolset.name);
    }
  }
  if (toolsetNames.has('all')) problems.push('"all" is reserved for --toolsets all');
  for (const toolset of manifest.toolsets) {
    for (const tool of toolset.tools) {
      for (const sibling of Object.keys(tool.seeAlso ?? {})) {
        if (!toolNames.has(sibling))
          problems.push(`tool "${tool.name}" sees also "${sibling}", which this server lacks`);
      }
    }
  }
  const names = new Set<string>();
  for (const item of [...(manifest.resources ?? []), ...(manifest.prompts ?? [])]) {
    const key = `${item.kind}:${item.name}`;
    if (names.has(key)) problems.push(`${item.kind} "${item.name}" is declared twice`);
    names.add(key);
  }
  for (const key of Object.keys(manifest.settings.specs)) {
    // A server setting with a common key would silently replace it (e.g. a GitHub "host" replacing the HTTP bind address).
    if (key in commonShape) problems.push(`setting "${key}" shadows the common setting of that name; give it a specific key`);
  }
  if (manifest.settings.server !== manifest.name) {
    problems.push(`settings were declared for "${manifest.settings.server}", not "${manifest.name}"`);
  }
  if (problems.length) throw new Error(`server "${manifest.name}": ${problems.join('; ')}`);
  return { kind: 'server', ...manifest };
}

export function allTools(manifest: AnyServerManifest): AnyCatalogTool[] {
  return manifest.toolsets.flatMap((toolset) => [...toolset.tools]);
}
