import { capItems, capRows, type ListCapOptions } from './list.js';
import { DEFAULT_LIMITS, assertPositive, type OutputLimits, type Truncation } from './notice.js';
import { truncateText, type TextTruncationOptions } from './text.js';

/**
 * Fills unset limits from {@link DEFAULT_LIMITS} and validates the result, so a
 * bad `--max-result-bytes 0` fails at startup rather than on the first call.
 * @throws RangeError naming the offending limit.
 */
export function resolveLimits(overrides: Partial<OutputLimits> = {}): OutputLimits {
  const limits = {
    maxBytes: overrides.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxRows: overrides.maxRows ?? DEFAULT_LIMITS.maxRows,
    maxItems: overrides.maxItems ?? DEFAULT_LIMITS.maxItems
  };
  for (const [name, value] of Object.entries(limits)) assertPositive(name, value);
  return limits;
}

/** The truncation functions bound to one server's limits; see {@link createTruncator}. */
export interface Truncator {
  readonly limits: Readonly<OutputLimits>;
  truncateText(text: string, opts?: TextTruncationOptions): { text: string; truncation: Truncation };
  capRows<T>(
    rows: readonly T[],
    opts?: ListCapOptions<T> & { maxRows?: number; unit?: 'rows' | 'lines' }
  ): { rows: T[]; truncation: Truncation };
  capItems<T>(
    items: readonly T[],
    opts?: ListCapOptions<T> & { maxItems?: number }
  ): { items: T[]; truncation: Truncation };
}

/**
 * Binds {@link truncateText}, {@link capRows} and {@link capItems} to limits
 * resolved once (e.g. from server flags); per-call options still override.
 */
export function createTruncator(overrides: Partial<OutputLimits> = {}): Truncator {
  const limits = Object.freeze(resolveLimits(overrides));
  return {
    limits,
    truncateText: (text, opts) => truncateText(text, limits.maxBytes, opts),
    capRows: (rows, opts = {}) =>
      capRows(rows, { ...opts, maxRows: opts.maxRows ?? limits.maxRows, maxBytes: opts.maxBytes ?? limits.maxBytes }),
    capItems: (items, opts = {}) =>
      capItems(items, {
        ...opts,
        maxItems: opts.maxItems ?? limits.maxItems,
        maxBytes: opts.maxBytes ?? limits.maxBytes
      })
  };
}
