const MAX_TERMS = 16;
/** Terms this short match too much as prefixes ("a*"), so they must match whole. */
const MIN_PREFIX_LENGTH = 3;

/**
 * Turns what a person (or model) typed into a safe FTS5 MATCH expression: every word is quoted,
 * so FTS5 operators and column filters in the input (`OR`, `NEAR`, `subject:`, `*`, `^`) are
 * plain words; "double-quoted phrases" stay phrases; words of 3+ characters also match as
 * prefixes ("invoic" finds "invoices"). All terms must match. Returns undefined when the input
 * has no word to search for.
 */
export function toFtsQuery(input: string): string | undefined {
  const terms: string[] = [];
  for (const match of input.normalize('NFKC').matchAll(/"([^"]*)"|([^\s"]+)/g)) {
    const words = (match[1] ?? match[2] ?? '').match(/[\p{L}\p{N}]+/gu) ?? [];
    if (words.length === 0) continue;
    if (match[1] !== undefined) terms.push(`"${words.join(' ')}"`);
    else for (const word of words) terms.push(word.length >= MIN_PREFIX_LENGTH ? `"${word}"*` : `"${word}"`);
    if (terms.length >= MAX_TERMS) break;
  }
  return terms.length ? terms.slice(0, MAX_TERMS).join(' ') : undefined;
}
