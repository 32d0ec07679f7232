import type { Duplex } from 'node:stream';
import type { Client } from 'pg';
import { RefusedError } from './errors.js';

/** The most bytes of protocol messages a connection may receive at once (see limitIncomingBytes). */
export const MAX_INCOMING_BYTES = 32 * 1024 * 1024;

const HEADER_BYTES = 5; // a type byte, then a 32-bit length that counts itself but not the type byte
const DATA_ROW = 'D'.charCodeAt(0);

/** A connection was dropped because the server sent more at once than the server will hold in memory. */
export class IncomingTooLargeError extends RefusedError {
  constructor(limit: number) {
    super(
      `The result is too large to fetch: more than ${Math.round(limit / 1024 / 1024)} MiB arrived at once (a huge value, or a batch of very wide rows), so the query was stopped.`,
      'Select fewer or shorter columns (e.g. left(col, 1000), length(col)) or fewer rows (WHERE, LIMIT).'
    );
    this.name = 'IncomingTooLargeError';
  }
}

/**
 * node-postgres buffers every protocol message whole and then turns each value into a JavaScript
 * string, with no limit: one 600 MB value crashes the process (past V8's longest string) and a few
 * hundred megabytes of rows cost gigabytes. This reads the message headers as the bytes arrive and
 * destroys the connection when one message, or the rows of one batch (data rows in a row, until any
 * other message), would pass `limit`: before the bytes pile up, and with an error the query fails with.
 * Call it on a connected client, whose next byte starts a message.
 */
export function limitIncomingBytes(client: Pick<Client, 'connection'>, limit = MAX_INCOMING_BYTES): void {
  const stream: Duplex = client.connection.stream;
  const header = Buffer.alloc(HEADER_BYTES);
  let headerBytes = 0;
  let bodyBytesLeft = 0;
  let rowBytes = 0;
  // Prepended, so it sees every chunk before node-postgres's parser buffers it.
  stream.prependListener('data', (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      if (bodyBytesLeft > 0) {
        const skipped = Math.min(bodyBytesLeft, chunk.length - offset);
        bodyBytesLeft -= skipped;
        offset += skipped;
        continue;
      }
      const copied = chunk.copy(header, headerBytes, offset, offset + HEADER_BYTES - headerBytes);
      headerBytes += copied;
      offset += copied;
      if (headerBytes < HEADER_BYTES) return;
      headerBytes = 0;
      const messageBytes = 1 + header.readUInt32BE(1);
      bodyBytesLeft = messageBytes - HEADER_BYTES;
      rowBytes = header[0] === DATA_ROW ? rowBytes + messageBytes : 0;
      if (Math.max(rowBytes, messageBytes) > limit) {
        stream.destroy(new IncomingTooLargeError(limit));
        return;
      }
    }
  });
}
