/**
 * An expected, user-facing failure: bad input the schema could not catch, a missing record, a
 * refused operation. Its message reaches the model verbatim, so it must say what was wrong and
 * how to fix it, and must not contain anything the caller is not allowed to see.
 */
export class ToolError extends Error {
  readonly hint: string | undefined;
  readonly argument: string | undefined;

  constructor(message: string, options: { hint?: string; argument?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ToolError';
    this.hint = options.hint;
    this.argument = options.argument;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}
