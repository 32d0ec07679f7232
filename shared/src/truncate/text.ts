import {
  DEFAULT_LIMITS,
  assertNonNegative,
  assertPositive,
  continuation,
  formatCount,
  joinClause,
  resolvePage,
  type PageOptions,
  type Truncation
} from './notice.js';

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF, so decoded indices line up with the input.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Longest run of UTF-16 units we will drop to keep a grapheme cluster whole;
// beyond it (e.g. "zalgo" text) a code point boundary is good enough.
const MAX_CLUSTER_UNITS = 64;

/** Options for {@link truncateText}. */
export interface TextTruncationOptions extends PageOptions {
  /**
   * Append the notice to the returned text as `\n\n[notice]`, reserving room so
   * text plus notice stay within `maxBytes`. Default true. Skipped when the
   * notice alone would not fit.
   */
  appendNotice?: boolean;
}

/**
 * Largest cut `<= maxBytes` that falls on a UTF-8 character boundary of `buf`,
 * so `buf.subarray(0, cut)` never ends in a partial multi-byte sequence
 * (4-byte sequences are whole astral characters, so surrogate pairs stay whole too).
 */
export function utf8SliceEnd(buf: Uint8Array, maxBytes: number): number {
  assertNonNegative('maxBytes', maxBytes);
  if (maxBytes >= buf.length) return buf.length;
  // A cut is inside a character when the next byte is a continuation byte
  // (10xxxxxx). Valid UTF-8 has at most 3 of them in a row; stop there so
  // invalid input cannot make this scan far.
  let cut = maxBytes;
  while (cut > 0 && cut > maxBytes - 3 && ((buf[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return ((buf[cut] ?? 0) & 0xc0) === 0x80 ? maxBytes : cut;
}

/**
 * Caps `text` at `maxBytes` of UTF-8 without splitting a character, and where
 * possible without splitting a grapheme cluster (so `e` + combining acute, or
 * an emoji with a skin-tone modifier, is kept or dropped whole).
 *
 * `offset`/`total`/`hasMore` place `text` within a larger output; nothing is
 * skipped here. When cut, the notice reads e.g.
 * `output truncated at 100,000 of 2,345,678 bytes; pass offset=100000 for more`
 * and, unless `appendNotice: false`, is appended to the returned text.
 *
 * @throws RangeError if `maxBytes` is not a positive integer, or `offset`/`total` are negative.
 */
export function truncateText(
  text: string,
  maxBytes: number = DEFAULT_LIMITS.maxBytes,
  opts: TextTruncationOptions = {}
): { text: string; truncation: Truncation } {
  assertPositive('maxBytes', maxBytes);
  const bytes = encoder.encode(text);
  const { offset, total } = resolvePage(opts, bytes.length);
  const more =
    bytes.length > maxBytes || opts.hasMore === true || (total !== undefined && offset + bytes.length < total);
  if (!more) return { text, truncation: { truncated: false, shown: bytes.length, total, unit: 'bytes' } };

  const notice = (shown: number): string => {
    const end = formatCount(offset + shown);
    return total === undefined
      ? joinClause(`output truncated at ${end} bytes; more exist`, continuation(opts, offset + shown, 'plain'), ', ')
      : joinClause(
          `output truncated at ${end} of ${formatCount(total)} bytes`,
          continuation(opts, offset + shown, 'more')
        );
  };
  const footer = (shown: number): string => `\n\n[${notice(shown)}]`;

  // The footer's length depends on the cut (its numbers) and the cut on the
  // footer's length; shrinking the room shrinks the numbers, so this settles
  // within a couple of rounds. Bounded anyway; give up appending if it won't fit.
  let room = maxBytes;
  let cut = cutText(text, bytes, room);
  if (opts.appendNotice ?? true) {
    for (let round = 0; round < 4; round++) {
      const need = encoder.encode(footer(cut.shown)).length;
      if (cut.shown + need <= maxBytes) {
        return result(cut.text + footer(cut.shown), cut.shown);
      }
      room = maxBytes - need;
      if (room <= 0) break;
      cut = cutText(text, bytes, room);
    }
    cut = cutText(text, bytes, maxBytes);
  }
  return result(cut.text, cut.shown);

  function result(out: string, shown: number): { text: string; truncation: Truncation } {
    return {
      text: out,
      truncation: { truncated: true, shown, total, unit: 'bytes', nextOffset: offset + shown, notice: notice(shown) }
    };
  }
}

// Cuts at `room` bytes on a character boundary, then backs off to the start
// of a grapheme cluster that straddles the cut (never back to nothing).
function cutText(text: string, bytes: Uint8Array, room: number): { text: string; shown: number } {
  let shown = utf8SliceEnd(bytes, room);
  let kept = decoder.decode(bytes.subarray(0, shown));
  const k = kept.length;
  if (k > 0 && k < text.length) {
    // Segment only a window around the cut: cost stays bounded on large text.
    const from = Math.max(0, k - MAX_CLUSTER_UNITS);
    const cluster = graphemes.segment(text.slice(from, k + MAX_CLUSTER_UNITS)).containing(k - from);
    const start = cluster ? from + cluster.index : k;
    if (start > 0 && start < k) {
      kept = kept.slice(0, start);
      shown = encoder.encode(kept).length;
    }
  }
  return { text: kept, shown };
}
