/**
 * Secret redaction for everything that reaches a log line. Logs end up in terminals, CI output and
 * bug reports, so a token that slips in once is a leaked token.
 */

const REDACTED = '[REDACTED]';

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|session/i;

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // userinfo in URLs: postgres://user:pass@host -> postgres://user:[REDACTED]@host. The authority
  // ends at the last "@" before / ? #, as URL parsers read it, so a raw "@" in a password is covered.
  [/([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^\s/?#]+@/gi, `$1:${REDACTED}@`],
  // Authorization header values (auth schemes are case-insensitive, RFC 9110)
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\b(Token)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  // Well-known token shapes (GitHub, Slack, OpenAI-style, JWTs)
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{16,}\b/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, REDACTED],
  // key=value pairs in query strings or connection strings
  [/\b(password|passwd|pwd|token|secret|api[-_]?key|access[-_]?token)=([^&\s;]+)/gi, `$1=${REDACTED}`]
];

export function redactString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Deep-copies `value`, replacing secret-named fields and secret-shaped strings. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), ...(hasCode(value) ? { code: value.code } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        SECRET_KEY.test(key) && inner !== undefined && inner !== null && inner !== ''
          ? REDACTED
          : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}

function hasCode(error: Error): error is Error & { code: unknown } {
  return 'code' in error;
}
