/**
 * Secret redaction for everything that reaches a log line. Logs end up in terminals, CI output and
 * bug reports, so a token that slips in once is a leaked token.
 *
 * Log fields carry caller-controlled text (tool names, arguments, URLs), so every pattern here must
 * run in linear time: each one either starts only where a run of its characters begins (a
 * lookbehind) or ends in a greedy class with nothing after it to backtrack for. The log test feeds
 * each pattern 200 KB of the shape that would make it backtrack.
 */

const REDACTED = '[REDACTED]';

/** Longest string a log field keeps; the rest is replaced by a count. */
export const MAX_LOG_STRING_CHARS = 1_024;
/** Longest message a log line keeps. */
export const MAX_LOG_MESSAGE_CHARS = 4_096;
/** Array items and object keys a log field keeps. */
const MAX_LOG_ITEMS = 50;
/**
 * Redaction runs on at most this much of a string before the cut, so the work per field is bounded
 * while a secret straddling the cut is still seen whole.
 */
const REDACT_WINDOW_CHARS = 16_384;

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|session/i;

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // userinfo in URLs: postgres://user:pass@host -> postgres://user:[REDACTED]@host. The authority
  // ends at the last "@" before / ? #, as URL parsers read it, so a raw "@" in a password is covered.
  // The scheme starts only where a run of scheme characters starts: without that anchor a run of
  // letters is rescanned from every position (quadratic). A scheme beginning with a digit is
  // redacted too (more redaction, never less).
  [/(?<![a-z0-9+.-])([a-z0-9+.-]+:\/\/[^/\s:@]*):[^\s/?#]+@/gi, `$1:${REDACTED}@`],
  // Authorization header values (auth schemes are case-insensitive, RFC 9110)
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\b(Token)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  // Well-known token shapes (GitHub, Slack, OpenAI-style, JWTs). No trailing \b: the greedy class
  // already stops at the token's end, and a trailing assertion is what made failures backtrack.
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, REDACTED],
  [/(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  // key=value pairs in query strings or connection strings
  [/\b(password|passwd|pwd|token|secret|api[-_]?key|access[-_]?token)=([^&\s;]+)/gi, `$1=${REDACTED}`]
];

/** Redacts secret-shaped substrings. Linear in the length of `text`; does not shorten it. */
export function redactString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Redacts, then cuts `text` to `max` characters, saying how many were cut. Use for any string that
 * may come from a caller before it goes into a log line or an error message.
 */
export function redactAndCap(text: string, max = MAX_LOG_STRING_CHARS): string {
  if (text.length <= max) return redactString(text);
  const window = Math.max(max, REDACT_WINDOW_CHARS);
  const head = redactString(text.length > window ? text.slice(0, window) : text);
  // A redaction may have shortened the head; the count is of the original text left out.
  if (head.length <= max && text.length <= window) return head;
  return `${head.slice(0, max)}… [${text.length - max} more characters]`;
}

/** Deep-copies `value`, replacing secret-named fields and secret-shaped strings, capping sizes. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return redactAndCap(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactAndCap(value.message), ...(hasCode(value) ? { code: value.code } : {}) };
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_LOG_ITEMS).map((item) => redact(item, depth + 1));
    if (value.length > MAX_LOG_ITEMS) items.push(`… ${value.length - MAX_LOG_ITEMS} more items`);
    return items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value);
    for (const [key, inner] of entries.slice(0, MAX_LOG_ITEMS)) {
      const safeKey = key.length > 128 ? redactAndCap(key, 128) : key;
      out[safeKey] =
        SECRET_KEY.test(key.slice(0, 256)) && inner !== undefined && inner !== null && inner !== ''
          ? REDACTED
          : redact(inner, depth + 1);
    }
    if (entries.length > MAX_LOG_ITEMS) out['…'] = `${entries.length - MAX_LOG_ITEMS} more keys`;
    return out;
  }
  return value;
}

function hasCode(error: Error): error is Error & { code: unknown } {
  return 'code' in error;
}
