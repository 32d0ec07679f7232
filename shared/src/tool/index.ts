export { defineTool, ToolHost, errorResult, advertiseOnly, DEFAULT_MAX_RESULT_BYTES } from './define-tool.js';
export type {
  ToolDefinition,
  AnyToolDefinition,
  ToolContext,
  ToolResult,
  ToolHostOptions,
  HonestAnnotations
} from './define-tool.js';
export { ToolError, isAbortError } from './errors.js';
export { RateLimiter, parseRateLimit } from './rate-limit.js';
export type { RateLimit } from './rate-limit.js';
export { elicitForm, InputRequiredSignal } from './elicit.js';
export type { ElicitOutcome, FormElicitation } from './elicit.js';
