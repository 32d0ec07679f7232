import * as z from 'zod';
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError } from '@modelcontextprotocol/server';
import type {
  CallToolResult,
  ContentBlock,
  InputRequiredResult,
  McpServer,
  ServerContext,
  StandardSchemaWithJSON,
  ToolAnnotations
} from '@modelcontextprotocol/server';
import type { Logger } from '../log/index.js';
import { redactString } from '../log/index.js';
import { truncateText } from '../truncate/index.js';
import { elicitForm, InputRequiredSignal, type ElicitOutcome, type FormElicitation } from './elicit.js';
import { ToolError, isAbortError } from './errors.js';
import { RateLimiter, type RateLimit } from './rate-limit.js';

/** Annotations every tool must state honestly; the MCP defaults (not read-only, open world) are wrong too often. */
export interface HonestAnnotations extends ToolAnnotations {
  readOnlyHint: boolean;
  openWorldHint: boolean;
}

export interface ToolResult<Structured> {
  /** Goes to `structuredContent`, validated against the tool's output schema. */
  structured: Structured;
  /** The readable rendering for hosts and models that read `content`. Capped by the host's byte limit. */
  text: string;
  /** Extra content blocks after the text (images, audio, embedded resources). */
  content?: ContentBlock[];
}

export interface ToolContext {
  /** Aborted when the client cancels the request or the server shuts down. */
  signal: AbortSignal;
  /** Sends `notifications/progress` when the client asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  logger: Logger;
  /** The per-connection SDK server (for elicitation, resource notifications...). */
  server: McpServer;
  /** The raw SDK request context, for what this helper does not wrap. */
  request: ServerContext;
  /**
   * Asks the user through a form, on either protocol era (see elicitForm). `key` names the
   * question so the 2026-07-28 retry can find its answer; use a fixed string per question.
   */
  elicit(key: string, params: FormElicitation): Promise<ElicitOutcome>;
}

export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  /** Written for a model: first sentence says when to use it, and names the sibling for the neighbouring case. */
  description: string;
  input: Input;
  output: Output;
  annotations: HonestAnnotations;
  /** Default per-tool rate limit; the operator's configuration overrides it. */
  rateLimit?: RateLimit;
  handler(args: z.output<Input>, ctx: ToolContext): Promise<ToolResult<z.input<Output>>>;
}

// Type-erased form for lists of tools with different schemas.
export type AnyToolDefinition = ToolDefinition<any, any>;

const TOOL_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;

/** Declares a tool. Checks the naming rule at definition time so a bad name fails in tests, not in a host. */
export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject>(
  definition: ToolDefinition<Input, Output>
): ToolDefinition<Input, Output> {
  if (!TOOL_NAME.test(definition.name)) {
    throw new Error(`tool name "${definition.name}" must be snake_case verb_noun, e.g. "read_text_file"`);
  }
  if (definition.annotations.readOnlyHint && definition.annotations.destructiveHint) {
    throw new Error(`tool "${definition.name}" cannot be both read-only and destructive`);
  }
  return definition;
}

export interface ToolHostOptions {
  logger: Logger;
  /** Cap on the text rendering of each result. */
  maxResultBytes?: number;
  /** Cap on the JSON of structuredContent; tools should page well below it, this is the backstop. */
  maxStructuredBytes?: number;
  /** Operator overrides of per-tool rate limits, by tool name. */
  rateLimits?: Record<string, RateLimit>;
  /** Translates domain errors (pg, fs, HTTP) into actionable ToolErrors; return undefined to fall through. */
  mapError?: (error: unknown) => ToolError | undefined;
  now?: () => number;
}

export const DEFAULT_MAX_RESULT_BYTES = 100_000;
const DEFAULT_MAX_STRUCTURED_BYTES = 2_000_000;

type Outcome =
  'ok' | 'tool_error' | 'invalid_arguments' | 'rate_limited' | 'cancelled' | 'input_required' | 'internal_error';

/**
 * Process-wide home of the policy every tool call goes through: validation, rate limits, caps,
 * logging and error mapping. One per process (not per connection), so limits hold across HTTP
 * requests, which each get a fresh McpServer.
 */
export class ToolHost {
  readonly logger: Logger;
  readonly maxResultBytes: number;
  private readonly maxStructuredBytes: number;
  private readonly limiter: RateLimiter;

  constructor(private readonly options: ToolHostOptions) {
    this.logger = options.logger;
    this.maxResultBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
    this.maxStructuredBytes = options.maxStructuredBytes ?? DEFAULT_MAX_STRUCTURED_BYTES;
    this.limiter = new RateLimiter(options.now);
  }

  /** Registers `tools` on a per-connection server. */
  register(server: McpServer, tools: readonly AnyToolDefinition[]): void {
    for (const tool of tools) this.registerOne(server, tool);
  }

  private registerOne(server: McpServer, tool: AnyToolDefinition): void {
    const strictInput = tool.input.strict();
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: advertiseOnly(strictInput),
        outputSchema: tool.output,
        annotations: { title: tool.title, ...tool.annotations }
      },
      (args: unknown, request: ServerContext) => this.call(server, tool, strictInput, args, request)
    );
  }

  /** Runs one call through the policy. Never throws: every failure becomes an `isError` result. */
  async call(
    server: McpServer,
    tool: AnyToolDefinition,
    input: z.ZodObject,
    rawArgs: unknown,
    request: ServerContext
  ): Promise<CallToolResult | InputRequiredResult> {
    const started = performance.now();
    let outcome: Outcome = 'ok';
    let detail: string | undefined;
    try {
      const limit = this.options.rateLimits?.[tool.name] ?? tool.rateLimit;
      if (limit) {
        const taken = this.limiter.take(tool.name, limit);
        if (!taken.ok) {
          outcome = 'rate_limited';
          const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
          return errorResult(
            `Rate limit reached for ${tool.name}: at most ${limit.max} call(s) per ${describeWindow(limit.windowMs)}. Try again in ${seconds} s.`
          );
        }
      }

      const parsed = input.safeParse(rawArgs ?? {});
      if (!parsed.success) {
        outcome = 'invalid_arguments';
        return errorResult(describeIssues(tool.name, input, parsed.error));
      }

      const ctx = this.contextFor(server, tool, request);
      const result = await tool.handler(parsed.data, ctx);
      if (request.mcpReq.signal.aborted) {
        outcome = 'cancelled';
        return errorResult(`${tool.name} was cancelled before it finished.`);
      }
      return this.render(tool, result);
    } catch (error) {
      if (error instanceof InputRequiredSignal) {
        // Asking the user is half a call: the retry that carries the answer pays for it.
        if (this.options.rateLimits?.[tool.name] ?? tool.rateLimit) this.limiter.giveBack(tool.name);
        outcome = 'input_required';
        return error.result;
      }
      if (isAbortError(error) || request.mcpReq.signal.aborted) {
        outcome = 'cancelled';
        return errorResult(`${tool.name} was cancelled before it finished.`);
      }
      const mapped = error instanceof ToolError ? error : this.options.mapError?.(error);
      if (mapped) {
        // The message often quotes the caller's arguments (paths, queries): not for the log.
        outcome = 'tool_error';
        return errorResult(mapped.hint ? `${mapped.message}\n${mapped.hint}` : mapped.message);
      }
      outcome = 'internal_error';
      detail = error instanceof Error ? error.message : String(error);
      return errorResult(
        `${tool.name} failed: ${redactString(detail)}. This is probably not caused by your arguments; retrying may help, or report it to the server operator.`
      );
    } finally {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const level = outcome === 'internal_error' ? 'error' : 'info';
      this.logger.log(level, 'tool call', { tool: tool.name, durationMs, outcome, ...(detail ? { detail } : {}) });
    }
  }

  /**
   * Runs a resource read or prompt through the same policy as a tool call: rate limit, error
   * mapping (not found -> resource-not-found, bad input -> invalid params, anything unexpected ->
   * a redacted internal error), cancellation and one log line. Throws protocol errors, which the
   * SDK sends as JSON-RPC errors.
   */
  async guard<T>(
    what: { kind: 'resource' | 'prompt'; name: string; uri?: string; rateLimit?: RateLimit },
    signal: AbortSignal,
    run: () => Promise<T>
  ): Promise<T | InputRequiredResult> {
    const started = performance.now();
    let outcome: Outcome | 'not_found' = 'ok';
    let detail: string | undefined;
    try {
      const limit = this.options.rateLimits?.[what.name] ?? what.rateLimit;
      if (limit) {
        const taken = this.limiter.take(`${what.kind}:${what.name}`, limit);
        if (!taken.ok) {
          outcome = 'rate_limited';
          const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
          throw new ProtocolError(
            ProtocolErrorCode.InvalidRequest,
            `Rate limit reached for ${what.kind} ${what.name}: at most ${limit.max} per ${describeWindow(limit.windowMs)}. Try again in ${seconds} s.`
          );
        }
      }
      const value = await run();
      if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
      return value;
    } catch (error) {
      if (outcome === 'rate_limited') throw error;
      if (error instanceof InputRequiredSignal) {
        outcome = 'input_required';
        return error.result;
      }
      if (error instanceof ResourceNotFoundError || (error instanceof Error && error.name === 'ResourceMissing')) {
        outcome = 'not_found';
        if (error instanceof ResourceNotFoundError) throw error;
        throw new ResourceNotFoundError(what.uri ?? what.name, error.message);
      }
      if (error instanceof ProtocolError) {
        outcome = 'invalid_arguments';
        throw error;
      }
      if (error instanceof z.ZodError) {
        outcome = 'invalid_arguments';
        const lines = error.issues.map(
          (issue) => `- "${issue.path.map(String).join('.') || 'arguments'}": ${issue.message}`
        );
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Invalid ${what.kind} arguments for ${what.name}:\n${lines.join('\n')}`
        );
      }
      if (isAbortError(error) || signal.aborted) {
        outcome = 'cancelled';
        throw new ProtocolError(
          ProtocolErrorCode.InternalError,
          `${what.kind} ${what.name} was cancelled before it finished.`
        );
      }
      const mapped = error instanceof ToolError ? error : this.options.mapError?.(error);
      if (mapped) {
        outcome = 'tool_error';
        const text = mapped.hint ? `${mapped.message} ${mapped.hint}` : mapped.message;
        throw new ProtocolError(
          mapped.argument ? ProtocolErrorCode.InvalidParams : ProtocolErrorCode.InternalError,
          text
        );
      }
      outcome = 'internal_error';
      detail = error instanceof Error ? error.message : String(error);
      throw new ProtocolError(
        ProtocolErrorCode.InternalError,
        `${what.kind} ${what.name} failed: ${redactString(truncateText(detail, 2000).text)}. Retrying may help, or report it to the server operator.`
      );
    } finally {
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const level = outcome === 'internal_error' ? 'error' : 'info';
      this.logger.log(level, `${what.kind} call`, {
        [what.kind]: what.name,
        durationMs,
        outcome,
        ...(detail ? { detail } : {})
      });
    }
  }

  private contextFor(server: McpServer, tool: AnyToolDefinition, request: ServerContext): ToolContext {
    const progressToken = request.mcpReq._meta?.progressToken;
    return {
      signal: request.mcpReq.signal,
      logger: this.logger.child({ tool: tool.name }),
      server,
      request,
      elicit: (key, params) => elicitForm(server, request, key, params, request.mcpReq.signal),
      progress: async (progress, total, message) => {
        if (progressToken === undefined) return;
        await request.mcpReq
          .notify({
            method: 'notifications/progress',
            params: {
              progressToken,
              progress,
              ...(total === undefined ? {} : { total }),
              ...(message ? { message } : {})
            }
          })
          .catch(() => undefined);
      }
    };
  }

  private render(tool: AnyToolDefinition, result: ToolResult<unknown>): CallToolResult {
    // Bytes of UTF-8 on the wire, not UTF-16 units: non-ASCII text would otherwise pass at up to 3x the cap.
    const structuredBytes = Buffer.byteLength(JSON.stringify(result.structured), 'utf8');
    if (structuredBytes > this.maxStructuredBytes) {
      return errorResult(
        `${tool.name} produced ${structuredBytes.toLocaleString('en-US')} bytes of structured output, over the server's ${this.maxStructuredBytes.toLocaleString('en-US')}-byte limit. Ask for less: use a narrower query, a smaller limit, or paging.`
      );
    }
    const { text } = truncateText(result.text, this.maxResultBytes, {
      hint: 'the structured result has the complete page; use a narrower query or paging for less'
    });
    return {
      content: [{ type: 'text', text }, ...(result.content ?? [])],
      structuredContent: result.structured as Record<string, unknown>
    };
  }
}

export function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * The SDK validates arguments before our handler runs and answers with its own terse text. We
 * advertise the real JSON Schema but validate ourselves, so the error names each argument and
 * says how to fix it, and the failure is logged like any other call.
 */
export function advertiseOnly(schema: z.ZodObject): StandardSchemaWithJSON {
  const standard = schema['~standard'] as unknown as StandardSchemaWithJSON['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: 'mcp-catalog',
      validate: (value: unknown) => ({ value: value ?? {} }),
      jsonSchema: standard.jsonSchema
    }
  };
}

function describeIssues(toolName: string, input: z.ZodObject, error: z.ZodError): string {
  const valid = Object.keys(input.shape);
  const lines = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      const plural = issue.keys.length > 1 ? 's' : '';
      if (issue.path.length > 0) return `- "${issue.path.map(String).join('.')}": unknown field${plural} ${keys}`;
      return `- unknown argument${plural} ${keys}; valid arguments are ${valid.map((k) => `"${k}"`).join(', ') || '(none)'}`;
    }
    const where = issue.path.length ? issue.path.map(String).join('.') : 'arguments';
    const message =
      issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
        ? 'required, but missing'
        : issue.message;
    return `- "${where}": ${message}`;
  });
  return `Invalid arguments for ${toolName}:\n${lines.join('\n')}\nFix the argument(s) above and call ${toolName} again.`;
}

function describeWindow(windowMs: number): string {
  if (windowMs === 1000) return 'second';
  if (windowMs === 60_000) return 'minute';
  if (windowMs === 3_600_000) return 'hour';
  return `${Math.round(windowMs / 1000)} s`;
}
