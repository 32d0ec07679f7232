import * as z from 'zod';
import { codePointName, HIDDEN_CHARACTERS } from './characters.js';

// Text a caller gives that a person will read later (names, subjects, comments): it must read the
// same to the reviewer as to a model. One scan finds the first offending character, so the error
// can name it and where it is.
const HIDDEN = new RegExp(`[${HIDDEN_CHARACTERS}]`, 'u');
const LINE_BREAK = /[\n\r\u0085\u2028\u2029\v\f]/u;
const CONTROL = /\p{Cc}/u;
const OFFENDING_LINE = new RegExp(`[\\p{Cc}\\u2028\\u2029${HIDDEN_CHARACTERS}]`, 'u');
const OFFENDING_TEXT = new RegExp(`(?![\\t\\n\\r])[\\p{Cc}${HIDDEN_CHARACTERS}]`, 'u');

export interface SafeTextOptions {
  /** Maximum length in UTF-16 code units, after trimming. */
  max: number;
  /** Minimum length after trimming (default 1: empty text is refused). */
  min?: number;
  /** The argument's name, as the caller spelled it; leads every message ("name must ..."). */
  label?: string;
  /** Trim surrounding whitespace first (default true). */
  trim?: boolean;
}

/**
 * One line of visible text: no line breaks (including U+2028/U+2029), no control characters, no
 * hidden characters (bidi overrides, tag characters, zero-width characters, unpaired surrogates).
 */
export function safeLine(options: SafeTextOptions): z.ZodString {
  return bounded(options).superRefine((value, ctx) => {
    const found = OFFENDING_LINE.exec(value);
    if (found) ctx.addIssue({ code: 'custom', message: lineMessage(options.label, found[0], found.index) });
  });
}

/**
 * Multi-line visible text: tabs and line breaks are fine; other control characters and hidden
 * characters are refused.
 */
export function safeText(options: SafeTextOptions): z.ZodString {
  return bounded(options).superRefine((value, ctx) => {
    const found = OFFENDING_TEXT.exec(value);
    if (found) ctx.addIssue({ code: 'custom', message: textMessage(options.label, found[0], found.index) });
  });
}

function bounded({ max, min = 1, label, trim = true }: SafeTextOptions): z.ZodString {
  const name = subject(label);
  const base = trim ? z.string().trim() : z.string();
  return base
    .min(min, min <= 1 ? `${name} must not be empty` : `${name} must be at least ${min} characters`)
    .max(max, `${name} must be at most ${max} characters`);
}

function subject(label: string | undefined): string {
  return label ?? 'the text';
}

function where(char: string, index: number): string {
  return `found ${codePointName(char)}${char === '\u0000' ? ' (NUL)' : ''} at character ${index + 1}`;
}

function hiddenMessage(label: string | undefined, char: string, index: number): string {
  return (
    `${subject(label)} must not contain invisible characters: text-direction overrides (U+202A-U+202E, U+2066-U+2069), ` +
    `tag characters (U+E0000-U+E007F), zero-width characters or unpaired surrogates (${where(char, index)}); remove them`
  );
}

function lineMessage(label: string | undefined, char: string, index: number): string {
  if (HIDDEN.test(char)) return hiddenMessage(label, char, index);
  const kind = LINE_BREAK.test(char) ? 'such as line breaks ' : '';
  return `${subject(label)} must be a single line: it must not contain control characters ${kind}(${where(char, index)}); put it on one line`;
}

function textMessage(label: string | undefined, char: string, index: number): string {
  if (HIDDEN.test(char) && !CONTROL.test(char)) return hiddenMessage(label, char, index);
  return `${subject(label)} must not contain NUL or other control characters (${where(char, index)}); tabs and line breaks are fine, remove the rest`;
}
