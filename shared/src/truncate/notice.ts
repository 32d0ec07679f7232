/**
 * Shared vocabulary for truncation: limits, the `Truncation` record, and the
 * wording of notices that tell a client what was cut and how to get more.
 */

/** Caps applied to tool output. Servers override them from flags such as `--max-result-bytes`. */
export interface OutputLimits {
  /** Bytes of UTF-8 text, or of measured rows/items. */
  maxBytes: number;
  /** Rows (or lines) per result. */
  maxRows: number;
  /** Items of a JSON array per result. */
  maxItems: number;
}

/** The defaults; frozen so one server cannot change them for another. */
export const DEFAULT_LIMITS: Readonly<OutputLimits> = Object.freeze({ maxBytes: 100_000, maxRows: 200, maxItems: 200 });

/** Unit a truncation counts in. */
export type TruncationUnit = 'bytes' | 'rows' | 'items' | 'lines';

/** What a cap kept and what it cut. */
export interface Truncation {
  /** True when more exists than was returned. */
  truncated: boolean;
  /** Bytes or elements kept from the input (excluding any appended notice). */
  shown: number;
  /** Size of the full result, when known. */
  total?: number;
  unit: TruncationUnit;
  /** Offset the next page starts at (`offset + shown`); set only when truncated. */
  nextOffset?: number;
  /** Human-readable account of the cut, e.g. `showing 200 of 12,431 rows; pass offset=200 for more`. */
  notice?: string;
}

/** A request parameter that fetches the next page, e.g. `{ param: 'cursor', value: 'abc' }`. */
export interface NextPage {
  param: string;
  value: string | number;
}

/** Where the input sits in the full result, and how the notice says to get more. */
export interface PageOptions {
  /** Position of the input's first byte/element within the full result. Default 0. */
  offset?: number;
  /** Size of the full result, if known. Default: `offset + input size`, unless `hasMore`. */
  total?: number;
  /** More exists after the input, but its size is unknown (streaming, cursor APIs). */
  hasMore?: boolean;
  /**
   * How to ask for more. Default `{ param: 'offset', value: nextOffset }`, unless only a
   * `hint` is given. A function receives the next offset (use it when a cursor depends on
   * how much was kept: a fixed cursor that points past rows cut here would skip them).
   * `false`: there is no continuation parameter.
   */
  next?: NextPage | ((nextOffset: number) => NextPage) | false;
  /**
   * Free-text way to get more. After a continuation it follows "or"
   * (`pass offset=200 or use a narrower query`); alone it is the whole clause,
   * so phrase it as an instruction.
   */
  hint?: string;
}

/**
 * Formats an integer with `,` thousands separators, independent of the
 * process locale (notices are parsed by models and tests, not people's OS settings).
 * @example formatCount(12431) === '12,431'
 */
/** A size for people: `512 bytes`, `1.5 KB`, `2.1 MB`, `12 GB` (binary multiples). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${formatCount(bytes)} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int = '', frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** Throws a RangeError naming the option unless `value` is a positive safe integer. */
export function assertPositive(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Throws a RangeError naming the option unless `value` is a non-negative safe integer. */
export function assertNonNegative(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/** Validates `offset`/`total` and resolves the total (undefined when only `hasMore` is known). */
export function resolvePage(opts: PageOptions, inputSize: number): { offset: number; total: number | undefined } {
  const offset = opts.offset ?? 0;
  assertNonNegative('offset', offset);
  if (opts.total !== undefined) assertNonNegative('total', opts.total);
  return { offset, total: opts.total ?? (opts.hasMore ? undefined : offset + inputSize) };
}

/**
 * The "how to get more" clause. `style` picks the wording around a bare
 * continuation: `more` → `pass offset=200 for more`, `skip` → `pass offset=1 to skip it`,
 * `plain` → `pass offset=200` (after "more exist,").
 */
export function continuation(opts: PageOptions, nextOffset: number, style: 'more' | 'skip' | 'plain'): string {
  const next =
    opts.next === false
      ? undefined
      : typeof opts.next === 'function'
        ? opts.next(nextOffset)
        : (opts.next ?? (opts.hint === undefined ? { param: 'offset', value: nextOffset } : undefined));
  if (!next) return opts.hint ?? '';
  const pass = `pass ${next.param}=${formatValue(next.value)}`;
  // "to skip it" must survive a hint: without it the offset reads as "more of the same".
  if (style === 'skip') return opts.hint === undefined ? `${pass} to skip it` : `${pass} to skip it, or ${opts.hint}`;
  if (opts.hint !== undefined) return `${pass} or ${opts.hint}`;
  return style === 'more' ? `${pass} for more` : pass;
}

// Numbers are parameter values, so no separators; strings that are not plain
// tokens (base64 cursors, spaces) are quoted so the client can copy them exactly.
function formatValue(value: string | number): string {
  if (typeof value === 'number' || /^[\w.~-]+$/.test(value)) return String(value);
  return JSON.stringify(value);
}

/** Joins a statement and a continuation clause with `; `, dropping an empty clause. */
export function joinClause(statement: string, clause: string, sep = '; '): string {
  return clause ? `${statement}${sep}${clause}` : statement;
}
