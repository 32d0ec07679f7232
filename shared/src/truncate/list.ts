import {
  DEFAULT_LIMITS,
  assertPositive,
  continuation,
  formatCount,
  joinClause,
  resolvePage,
  type PageOptions,
  type Truncation
} from './notice.js';

const encoder = new TextEncoder();

/** Options shared by {@link capRows} and {@link capItems}. */
export interface ListCapOptions<T> extends PageOptions {
  /** Byte cap over the kept elements, as counted by `measure`. Default `DEFAULT_LIMITS.maxBytes`. */
  maxBytes?: number;
  /**
   * Size of one element in bytes. Default: UTF-8 length of a string, or of
   * `JSON.stringify` for anything else, plus 1 for its separator (comma or
   * newline), so compact `JSON.stringify(kept)` is at most `maxBytes + 1`.
   */
  measure?: (element: T) => number;
}

/**
 * Keeps at most `maxRows` rows and `maxBytes` bytes of `rows`, from the start.
 *
 * `rows` is one page of a larger result: `offset` is the position of
 * `rows[0]`, `total` the full count if known, `hasMore` says more exist when
 * the count is unknown. Notices read `showing 200 of 12,431 rows; pass offset=200 for more`,
 * `showing the first 200 rows; more exist, pass offset=200`, or for later pages
 * `showing rows 201-400 of 12,431; ...`. A first row larger than `maxBytes` on
 * its own is not returned; the notice names it and how to skip it.
 *
 * @throws RangeError if a cap is not a positive integer, or `offset`/`total` are negative.
 */
export function capRows<T>(
  rows: readonly T[],
  opts: ListCapOptions<T> & { maxRows?: number; unit?: 'rows' | 'lines' } = {}
): { rows: T[]; truncation: Truncation } {
  const { kept, truncation } = capList(
    rows,
    opts.unit ?? 'rows',
    'maxRows',
    opts.maxRows ?? DEFAULT_LIMITS.maxRows,
    opts
  );
  return { rows: kept, truncation };
}

/** {@link capRows} for the elements of a JSON array: counts `items`, capped by `maxItems`. */
export function capItems<T>(
  items: readonly T[],
  opts: ListCapOptions<T> & { maxItems?: number } = {}
): { items: T[]; truncation: Truncation } {
  const { kept, truncation } = capList(items, 'items', 'maxItems', opts.maxItems ?? DEFAULT_LIMITS.maxItems, opts);
  return { items: kept, truncation };
}

function defaultMeasure(element: unknown): number {
  const s = typeof element === 'string' ? element : (JSON.stringify(element) ?? '');
  return encoder.encode(s).length + 1;
}

const SINGULAR = { rows: 'row', lines: 'line', items: 'item' } as const;

function capList<T>(
  list: readonly T[],
  unit: 'rows' | 'lines' | 'items',
  countName: string,
  maxCount: number,
  opts: ListCapOptions<T>
): { kept: T[]; truncation: Truncation } {
  assertPositive(countName, maxCount);
  const maxBytes = opts.maxBytes ?? DEFAULT_LIMITS.maxBytes;
  assertPositive('maxBytes', maxBytes);
  const { offset, total } = resolvePage(opts, list.length);
  const measure = opts.measure ?? defaultMeasure;

  let shown = 0;
  let bytes = 0;
  let oversized: number | undefined;
  for (const element of list) {
    if (shown >= maxCount) break;
    const size = measure(element);
    if (bytes + size > maxBytes) {
      if (shown === 0) oversized = size;
      break;
    }
    bytes += size;
    shown++;
  }

  const kept = list.slice(0, shown);
  const truncated = shown < list.length || opts.hasMore === true || (total !== undefined && offset + shown < total);
  if (!truncated) return { kept, truncation: { truncated, shown, total, unit } };

  let notice: string;
  let nextOffset = offset + shown;
  if (oversized !== undefined) {
    // Returning nothing with "pass offset=<same>" would loop forever; point past the row instead.
    nextOffset = offset + 1;
    notice = joinClause(
      `showing no ${unit}: ${SINGULAR[unit]} ${formatCount(offset + 1)} alone is ${formatCount(oversized)} bytes, over the ${formatCount(maxBytes)}-byte limit`,
      continuation(opts, nextOffset, 'skip')
    );
  } else {
    const range = `${unit} ${formatCount(offset + 1)}-${formatCount(offset + shown)}`;
    notice =
      total === undefined
        ? joinClause(
            `showing ${offset === 0 ? `the first ${formatCount(shown)} ${unit}` : range}; more exist`,
            continuation(opts, nextOffset, 'plain'),
            ', '
          )
        : joinClause(
            `showing ${offset === 0 ? `${formatCount(shown)} of ${formatCount(total)} ${unit}` : `${range} of ${formatCount(total)}`}`,
            continuation(opts, nextOffset, 'more')
          );
  }
  return { kept, truncation: { truncated, shown, total, unit, nextOffset, notice } };
}
