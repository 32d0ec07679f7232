import { formatPatch, structuredPatch } from 'diff';

export interface Edit {
  oldText: string;
  newText: string;
  replaceAll: boolean;
}

/** An edit that cannot be applied; `index` is its position in the list. */
export class EditError extends Error {
  override readonly name = 'EditError';
  constructor(
    readonly index: number,
    message: string,
    readonly hint: string
  ) {
    super(message);
  }
}

const MAX_LISTED = 5;

/**
 * Apply exact-match edits in order, each to the result of the one before. An edit whose text is
 * missing, or present several times without `replaceAll`, fails the whole batch. In a file with
 * CRLF line endings, an edit written with LF endings matches and inserts CRLF. So does a batch
 * whose result would exceed `maxBytes` of UTF-8: each edit is sized before it is made, so
 * `replaceAll` edits that each double the text fail at once instead of exhausting memory.
 */
export function applyEdits(
  original: string,
  edits: readonly Edit[],
  { maxBytes = Number.POSITIVE_INFINITY }: { maxBytes?: number } = {}
): { text: string; replacements: number } {
  const crlf = original.includes('\r\n');
  let text = original;
  let replacements = 0;
  edits.forEach((edit, index) => {
    const variants = crlf ? [edit, { ...edit, oldText: toCrlf(edit.oldText), newText: toCrlf(edit.newText) }] : [edit];
    let chosen: Edit | undefined;
    let positions: number[] = [];
    for (const variant of variants) {
      positions = occurrences(text, variant.oldText);
      if (positions.length > 0) {
        chosen = variant;
        break;
      }
    }
    if (!chosen) {
      throw new EditError(index, `edits[${index}].oldText was not found in the file`, nearMissHint(text, edit.oldText));
    }
    if (positions.length > 1 && !edit.replaceAll) {
      const lines = positions.slice(0, MAX_LISTED).map((at) => lineOf(text, at));
      throw new EditError(
        index,
        `edits[${index}].oldText appears ${positions.length} times (at lines ${lines.join(', ')}${positions.length > MAX_LISTED ? ', ...' : ''})`,
        'Include more surrounding lines so it matches exactly once, or set replaceAll: true to replace every occurrence.'
      );
    }
    // A UTF-16 unit is at least one byte of UTF-8, so a length over the limit is over it in bytes too.
    if (text.length + positions.length * (chosen.newText.length - chosen.oldText.length) > maxBytes) {
      throw tooLarge(index, maxBytes);
    }
    text =
      positions.length > 1 ? text.split(chosen.oldText).join(chosen.newText) : replaceAt(text, positions[0]!, chosen);
    replacements += positions.length;
  });
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(edits.length - 1, maxBytes);
  return { text, replacements };
}

function tooLarge(index: number, maxBytes: number): EditError {
  return new EditError(
    index,
    `edits[${index}] would make the file larger than this server's ${maxBytes.toLocaleString('en-US')}-byte limit`,
    'Make smaller replacements, or ask the operator to raise --max-file-bytes.'
  );
}

const CONTEXT_LINES = 3;
/** Myers' diff costs O((N + M) * D) for D changed lines; past these bounds a dry run would stall every client. */
const DIFF_MAX_EDIT_LENGTH = 2_000;
const DIFF_TIME_LIMIT_MS = 200;

/**
 * A git-style unified diff of one file, bounded in time. The lines both versions share at the start
 * and end are skipped in one linear pass, so a local edit in a large file costs only its own
 * region; a change too large to diff within the limits (e.g. every line of a big file rewritten)
 * gets a hunk header saying so instead of a diff.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  const old = splitLines(before);
  const now = splitLines(after);
  let same = 0;
  while (same < old.length && same < now.length && old[same] === now[same]) same++;
  let sameEnd = 0;
  while (
    sameEnd < old.length - same &&
    sameEnd < now.length - same &&
    old[old.length - 1 - sameEnd] === now[now.length - 1 - sameEnd]
  ) {
    sameEnd++;
  }
  const from = Math.max(0, same - CONTEXT_LINES);
  const keepEnd = Math.max(0, sameEnd - CONTEXT_LINES);
  const oldSlice = old.slice(from, old.length - keepEnd);
  const newSlice = now.slice(from, now.length - keepEnd);
  const patch = structuredPatch(path, path, oldSlice.join(''), newSlice.join(''), 'original', 'modified', {
    context: CONTEXT_LINES,
    maxEditLength: DIFF_MAX_EDIT_LENGTH,
    timeout: DIFF_TIME_LIMIT_MS
  });
  if (patch) {
    for (const hunk of patch.hunks) {
      hunk.oldStart += from;
      hunk.newStart += from;
    }
    return formatPatch(patch);
  }
  const header = formatPatch({
    oldFileName: path,
    newFileName: path,
    oldHeader: 'original',
    newHeader: 'modified',
    hunks: []
  });
  const oldChanged = old.length - same - sameEnd;
  const newChanged = now.length - same - sameEnd;
  return (
    `${header}@@ -${same + 1},${oldChanged} +${same + 1},${newChanged} @@ ` +
    `(too large to show: ${oldChanged.toLocaleString('en-US')} lines from line ${same + 1} became ` +
    `${newChanged.toLocaleString('en-US')} lines; review the result with read_text_file)\n`
  );
}

/** Lines with their terminators, so that a missing final newline still differs. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', start)) {
    lines.push(text.slice(start, at + 1));
    start = at + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Start positions of non-overlapping occurrences. */
function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

function replaceAt(text: string, at: number, edit: Edit): string {
  return text.slice(0, at) + edit.newText + text.slice(at + edit.oldText.length);
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < position; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/** Point at lines that match the edit's first line when whitespace is ignored: the usual cause. */
function nearMissHint(text: string, oldText: string): string {
  const first = oldText
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
  const similar: number[] = [];
  if (first) {
    text.split('\n').forEach((line, index) => {
      if (similar.length < MAX_LISTED && line.trim() === first) similar.push(index + 1);
    });
  }
  const exactly = 'copy the text exactly, including indentation, tabs and line endings, from read_text_file.';
  return similar.length > 0
    ? `Line(s) ${similar.join(', ')} match its first line when surrounding whitespace is ignored: ${exactly}`
    : `The file may have changed since you read it: ${exactly}`;
}
