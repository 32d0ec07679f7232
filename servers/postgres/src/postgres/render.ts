/** Longest cell shown in a text table; structuredContent always has the whole value. */
export const MAX_CELL_CHARS = 200;

/** One value as a table cell: NULL spelled out, JSON for objects, one line, pipes escaped, shortened. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const oneLine = text.replace(/\r?\n/g, '\\n').replace(/\|/g, '\\|');
  return oneLine.length > MAX_CELL_CHARS ? `${oneLine.slice(0, MAX_CELL_CHARS - 1)}…` : oneLine;
}

/** A Markdown table, which models and chat hosts both read well. */
export function renderTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  if (headers.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(headers.map(formatCell)),
    line(headers.map(() => '---')),
    ...rows.map((row) => line(row.map(formatCell)))
  ].join('\n');
}
