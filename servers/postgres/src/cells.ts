import { formatCount } from '@mcp-catalog/shared';
import { MAX_CELL_CHARS, formatCell } from './postgres/render.js';

/**
 * The text table shortens long values, and most hosts show the model only the text: say which
 * columns were cut and how to read them whole, instead of letting a shortened value pass as real.
 */
export function cutCellsNotice(columns: readonly string[], rows: readonly (readonly unknown[])[]): string | undefined {
  const cut = new Map<string, number>();
  for (const row of rows) {
    row.forEach((value, i) => {
      if (formatCell(value).length >= MAX_CELL_CHARS && fullLength(value) > MAX_CELL_CHARS - 1) {
        const name = columns[i] ?? `column ${i + 1}`;
        cut.set(name, (cut.get(name) ?? 0) + 1);
      }
    });
  }
  if (cut.size === 0) return undefined;
  const which = [...cut].map(([name, n]) => `${name} (${formatCount(n)} value${n === 1 ? '' : 's'})`).join(', ');
  return (
    `Values longer than ${MAX_CELL_CHARS} characters are shortened with … in this table: ${which}. ` +
    'structuredContent has them whole; to read one here, select that column alone for one row (a single value is shown whole), ' +
    'or read it in parts with substring(column from 1 for 4000), substring(column from 4001 for 4000) and so on.'
  );
}

function fullLength(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\r?\n/g, '\\n').replace(/\|/g, '\\|')
    .length;
}

/** A result of exactly one value is shown whole (within the byte caps), not as a shortened table cell. */
export function singleValue(rows: readonly (readonly unknown[])[]): string | undefined {
  if (rows.length !== 1 || rows[0]!.length !== 1) return undefined;
  const value = rows[0]![0];
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return text.length > MAX_CELL_CHARS ? text : undefined;
}
