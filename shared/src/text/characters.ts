/**
 * Characters that make what a person sees differ from what a model reads, as a regex
 * character-class body (use with the `u` flag):
 * - bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the invisible
 *   direction marks (U+200E, U+200F, U+061C): text that displays as something else;
 * - Unicode tag characters (U+E0000-U+E007F): invisible, yet read as ASCII ("ASCII smuggling");
 * - zero-width and invisible formatting characters (U+200B, U+2060-U+2064, U+FEFF, U+00AD,
 *   U+180E), which split or hide words from a reviewer;
 * - variation selectors other than the emoji/text pair (U+FE00-U+FE0D, U+E0100-U+E01EF),
 *   which can carry a hidden byte stream behind one visible character;
 * - unpaired surrogates.
 * Zero-width joiner and non-joiner (U+200D, U+200C) stay: emoji and several scripts need them.
 */
export const HIDDEN_CHARACTERS =
  '\\u00ad\\u061c\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufe00-\\ufe0d\\ufeff' +
  '\\u{e0000}-\\u{e007f}\\u{e0100}-\\u{e01ef}\\p{Cs}';

/** Control characters other than tab and newline, and the hidden ones: never meant to be read. */
// Variation selectors in the class are the point: each is matched on its own, not as part of a sequence.
// eslint-disable-next-line no-misleading-character-class
const UNREADABLE = new RegExp(`(?![\\t\\n])[\\p{Cc}${HIDDEN_CHARACTERS}]`, 'gu');
const LINE_SEPARATORS = /\r\n?|[\u2028\u2029\u0085]/g;

/**
 * Removes hidden characters and control characters, keeping tabs and line breaks; CR, CRLF and
 * the Unicode line/paragraph separators become "\n" so a block displays as it will be read.
 */
export function stripHidden(text: string): string {
  return text.replace(LINE_SEPARATORS, '\n').replace(UNREADABLE, '');
}

/** Third-party text shown as one line of a server-written message, with nothing hidden. */
export function singleLine(text: string): string {
  return stripHidden(text).replace(/\s+/g, ' ').trim();
}

/** "U+202E" for a code point, as error messages name it. */
export function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
