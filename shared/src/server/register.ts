import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceTemplate,
  type McpRequestContext,
  type McpServer,
  type ReadResourceResult,
  type ServerContext
} from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { advertiseOnly, type AnyToolDefinition } from '../tool/index.js';
import type { AnyCatalogPrompt, AnyCatalogResource, AnyCatalogTool, CallContext, ResourceBody } from './define.js';
import { describeTool, type ToolSelection } from './select.js';

/** A resource read found nothing at this URI: sent as the protocol's resource-not-found error. */
export class ResourceMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceMissing';
  }
}

export interface Binding<Config, Deps, Session> {
  config: Config;
  deps: Deps;
  session: Session;
  selection: ToolSelection;
  runtime: ServerRuntime;
  server: McpServer;
  request: McpRequestContext | undefined;
}

/** Descriptions composed once per process: the selection does not change while it runs. */
const describedCache = new WeakMap<ToolSelection, Map<string, string>>();

function describedFor(selection: ToolSelection, tool: AnyCatalogTool): string {
  let map = describedCache.get(selection);
  if (!map) describedCache.set(selection, (map = new Map()));
  let text = map.get(tool.name);
  if (text === undefined) map.set(tool.name, (text = describeTool(tool, (name) => selection.enabled.has(name))));
  return text;
}

/** Registers the selected tools, resources and prompts of a manifest on one per-connection server. */
export function registerManifestItems<Config, Deps, Session>(binding: Binding<Config, Deps, Session>): void {
  const { selection, runtime, server } = binding;
  const call: CallContext<Config, Deps, Session> = {
    config: binding.config,
    deps: binding.deps,
    session: binding.session,
    isEnabled: (name) => selection.enabled.has(name)
  };
  const hostTools: AnyToolDefinition[] = selection.tools.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: describedFor(selection, tool),
    input: tool.input,
    output: tool.output,
    annotations: tool.annotations,
    ...(tool.rateLimit ? { rateLimit: tool.rateLimit } : {}),
    handler: (args, ctx) => tool.handler({ ...ctx, ...call, args })
  }));
  runtime.tools.register(server, hostTools);
  for (const resource of selection.resources) registerResource(resource, call, binding);
  for (const prompt of selection.prompts) registerPrompt(prompt, call, binding);
}

function registerResource<Config, Deps, Session>(
  resource: AnyCatalogResource,
  call: CallContext<Config, Deps, Session>,
  binding: Binding<Config, Deps, Session>
): void {
  const host = binding.runtime.tools;
  const metadata = {
    title: resource.title,
    description: resource.description,
    ...(resource.mimeType ? { mimeType: resource.mimeType } : {})
  };
  const read = async (uri: URL, rawVariables: Record<string, string | string[]>, ctx: ServerContext) =>
    host.guard(
      {
        kind: 'resource',
        name: resource.name,
        uri: uri.href,
        ...(resource.rateLimit ? { rateLimit: resource.rateLimit } : {})
      },
      ctx.mcpReq.signal,
      async () => {
        const variables = resource.variables ? parseVariables(resource, rawVariables) : {};
        const body = await resource.read({
          ...call,
          uri,
          variables,
          signal: ctx.mcpReq.signal,
          logger: host.logger.child({ resource: resource.name }),
          server: binding.server,
          request: binding.request
        });
        return toReadResult(uri, body, resource.mimeType);
      }
    );
  if (resource.uri) {
    binding.server.registerResource(resource.name, resource.uri, metadata, (uri, ctx) => read(uri, {}, ctx));
    return;
  }
  const complete = resource.complete
    ? Object.fromEntries(
        Object.entries(resource.complete).map(([variable, fn]) => [
          variable,
          async (value: string) => (await fn(value, call)).slice(0, 100)
        ])
      )
    : undefined;
  const template = new ResourceTemplate(resource.uriTemplate!, {
    list: resource.list
      ? async (ctx) => {
          const listed = await host.guard(
            { kind: 'resource', name: `${resource.name} (list)` },
            ctx.mcpReq.signal,
            async () => resource.list!({ ...call, signal: ctx.mcpReq.signal })
          );
          return { resources: Array.isArray(listed) ? listed : [] };
        }
      : undefined,
    ...(complete ? { complete } : {})
  });
  binding.server.registerResource(resource.name, template, metadata, (uri, variables, ctx) =>
    read(uri, variables as Record<string, string | string[]>, ctx)
  );
}

function parseVariables(resource: AnyCatalogResource, raw: Record<string, string | string[]>): unknown {
  const decoded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const decode = (part: string) => {
      try {
        return decodeURIComponent(part);
      } catch {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `"${key}" is not valid percent-encoding in the URI.`);
      }
    };
    decoded[key] = Array.isArray(value) ? value.map(decode) : decode(value);
  }
  const parsed = (resource.variables as z.ZodObject).safeParse(decoded);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `- "${issue.path.map(String).join('.') || 'uri'}": ${issue.message}`
    );
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Invalid URI for ${resource.name} (${resource.uriTemplate}):\n${lines.join('\n')}`
    );
  }
  return parsed.data;
}

function toReadResult(uri: URL, body: ResourceBody, mimeType: string | undefined): ReadResourceResult {
  if ('contents' in body) return { contents: body.contents };
  const type = body.mimeType ?? mimeType;
  if ('text' in body) return { contents: [{ uri: uri.href, ...(type ? { mimeType: type } : {}), text: body.text }] };
  return { contents: [{ uri: uri.href, ...(type ? { mimeType: type } : {}), blob: body.blob }] };
}

function registerPrompt<Config, Deps, Session>(
  prompt: AnyCatalogPrompt,
  call: CallContext<Config, Deps, Session>,
  binding: Binding<Config, Deps, Session>
): void {
  const host = binding.runtime.tools;
  const run = (rawArgs: unknown, ctx: ServerContext) =>
    host.guard(
      { kind: 'prompt', name: prompt.name, ...(prompt.rateLimit ? { rateLimit: prompt.rateLimit } : {}) },
      ctx.mcpReq.signal,
      async () => {
        const args = prompt.args ? prompt.args.strict().parse(rawArgs ?? {}) : {};
        return prompt.handler({
          ...call,
          args,
          signal: ctx.mcpReq.signal,
          logger: host.logger.child({ prompt: prompt.name })
        });
      }
    );
  const metadata = { title: prompt.title, description: prompt.description };
  if (prompt.args) {
    binding.server.registerPrompt(
      prompt.name,
      { ...metadata, argsSchema: advertiseOnly(prompt.args as z.ZodObject) },
      (args, ctx) => run(args, ctx)
    );
  } else {
    binding.server.registerPrompt(prompt.name, metadata, (ctx) => run({}, ctx));
  }
}
