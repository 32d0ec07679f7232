import type { Client, ClientBase, FieldDef, QueryResult } from 'pg';
import Cursor from 'pg-cursor';
import { valueTypes } from './database.js';

export interface StreamLimits {
  /** Rows to return at most; one more is fetched to learn whether more exist. */
  maxRows: number;
  /** Bytes (JSON of the kept rows) to return at most. */
  maxBytes: number;
  /** Rows to skip first (fetched and dropped in batches). */
  offset: number;
  /** Keep reading (and dropping) rows past the caps to learn the command tag and full row count. */
  drain?: boolean;
  signal?: AbortSignal;
}

export interface StreamedRows {
  fields: FieldDef[];
  /** Rows after the offset: up to maxRows + 1, fewer once the byte cap is passed. */
  rows: unknown[][];
  /** The statement produced no rows beyond these. */
  complete: boolean;
  /** Command tag and row count (e.g. UPDATE, 12), known once the statement ran to its end. */
  command?: string;
  rowCount?: number;
}

const FIRST_BATCH = 10;
const MAX_BATCH = 1_000;

/**
 * Runs one statement through a portal of the extended protocol (Parse/Bind/Execute with a row
 * limit) and stops fetching at the row or byte cap, so a billion-row result costs the cap, not the
 * table. The extended protocol also refuses a string with more than one statement on its own.
 */
export async function streamRows(
  client: ClientBase,
  sql: string,
  params: unknown[],
  limits: StreamLimits
): Promise<StreamedRows> {
  const cursor = client.query(new Cursor(sql, params, { rowMode: 'array', types: valueTypes }));
  let last: QueryResult | undefined;
  let received = 0;
  const read = (count: number) =>
    new Promise<unknown[][]>((resolve, reject) =>
      cursor.read(count, (error, rows, result: QueryResult) => {
        if (error) return reject(error);
        last = result;
        received += rows.length;
        resolve(rows as unknown[][]);
      })
    );
  // The tag of a portal read in batches counts only the last batch, so rows are counted here;
  // a write without RETURNING sends no rows and its tag has the count.
  const outcome = (rows: unknown[][], complete: boolean, ended = complete): StreamedRows => ({
    fields: last?.fields ?? [],
    rows,
    complete,
    ...(ended && last?.command ? { command: last.command, rowCount: received || (last.rowCount ?? 0) } : {})
  });
  try {
    let rowBytes = 0; // average JSON size of a row, once one has been seen
    const measure = (batch: unknown[][]) => {
      const bytes = batch.reduce<number>((sum, row) => sum + Buffer.byteLength(JSON.stringify(row)) + 1, 0);
      if (batch.length) rowBytes = bytes / batch.length;
      return bytes;
    };
    // Batches are sized to the byte cap once rows have a known width, so wide rows never arrive by the hundred.
    const batchFor = (rowsLeft: number, bytesLeft: number) =>
      Math.max(1, Math.min(rowsLeft, rowBytes ? Math.ceil(bytesLeft / rowBytes) + 1 : FIRST_BATCH, MAX_BATCH));

    for (let skipped = 0; skipped < limits.offset;) {
      limits.signal?.throwIfAborted();
      const want = batchFor(limits.offset - skipped, limits.maxBytes);
      const batch = await read(want);
      measure(batch);
      skipped += batch.length;
      if (batch.length < want) return outcome([], true);
    }
    const rows: unknown[][] = [];
    let bytes = 0;
    let complete = false;
    // Fetch until one row past the row cap or past the byte cap (either proves there is more), or the end.
    while (!complete && rows.length <= limits.maxRows && bytes <= limits.maxBytes) {
      limits.signal?.throwIfAborted();
      const want = batchFor(limits.maxRows + 1 - rows.length, limits.maxBytes - bytes);
      const batch = await read(want);
      complete = batch.length < want;
      bytes += measure(batch);
      rows.push(...batch);
    }
    if (complete || !limits.drain) return outcome(rows, complete);
    for (let ended = false; !ended;) {
      limits.signal?.throwIfAborted();
      const want = batchFor(MAX_BATCH, limits.maxBytes);
      const batch = await read(want);
      measure(batch);
      ended = batch.length < want;
    }
    return outcome(rows, false, true);
  } finally {
    await closeCursor(client, cursor);
  }
}

/** Closes the cursor's portal, unless the connection is gone: then nothing would ever answer the close. */
function closeCursor(client: ClientBase, cursor: Cursor): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      client.off('end', done);
      resolve();
    };
    client.once('end', done);
    if ((client as Client).connection.stream.destroyed) done();
    else cursor.close().then(done, done);
  });
}
