import { PassThrough } from 'node:stream';
import type { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { IncomingTooLargeError, limitIncomingBytes } from '../src/postgres/incoming.js';
import { describePgError, isConnectionError } from '../src/postgres/errors.js';
import { estimatePlan, type PlanNode } from '../src/postgres/plan.js';
import { MAX_CELL_CHARS, formatCell, renderTable } from '../src/postgres/render.js';

const node = (type: string, rows: number, plans: PlanNode[] = [], extra: Partial<PlanNode> = {}): PlanNode => ({
  'Node Type': type,
  'Plan Rows': rows,
  'Total Cost': rows,
  ...(plans.length ? { Plans: plans } : {}),
  ...extra
});
const scan = (rows: number, relation = 'big') => node('Seq Scan', rows, [], { 'Relation Name': relation });

describe('estimatePlan: rows read before the first row', () => {
  it('does not count a streamed scan: the cursor stops at the cap', () => {
    expect(estimatePlan(scan(5_000_000))).toMatchObject({ resultRows: 5_000_000, rowsBeforeFirstRow: 0 });
  });

  it('counts the input of an aggregate, a sort and a hash build', () => {
    expect(estimatePlan(node('Aggregate', 1, [scan(5_000_000)], { Strategy: 'Plain' }))).toMatchObject({
      rowsBeforeFirstRow: 5_000_000,
      heaviestStep: 'Seq Scan on big'
    });
    expect(estimatePlan(node('Sort', 10, [scan(70)])).rowsBeforeFirstRow).toBe(70);
    const join = node('Hash Join', 100, [scan(1_000_000, 'outer_t'), node('Hash', 3000, [scan(3000, 'inner_t')])]);
    expect(estimatePlan(join)).toMatchObject({ rowsBeforeFirstRow: 3000, heaviestStep: 'Seq Scan on inner_t' });
  });

  it('does not count a sorted group aggregate, which streams', () => {
    expect(
      estimatePlan(node('Aggregate', 10, [node('Index Scan', 900)], { Strategy: 'Sorted' })).rowsBeforeFirstRow
    ).toBe(0);
  });

  it('counts a set-returning function in FROM, which is computed whole', () => {
    expect(estimatePlan(node('Function Scan', 1e9, [], { 'Function Name': 'generate_series' }))).toMatchObject({
      rowsBeforeFirstRow: 1e9,
      heaviestStep: 'Function Scan of generate_series()'
    });
  });

  it('stops counting below a LIMIT unless a blocking step sits under it', () => {
    expect(
      estimatePlan(node('Aggregate', 1, [node('Limit', 10, [scan(1e8)])], { Strategy: 'Plain' })).rowsBeforeFirstRow
    ).toBe(10);
    expect(estimatePlan(node('Limit', 10, [node('Sort', 1e8, [scan(1e8)])])).rowsBeforeFirstRow).toBe(1e8);
  });
});

describe('text rendering', () => {
  it('renders a Markdown table with NULL, JSON, escaped pipes and one line per row', () => {
    expect(
      renderTable(
        ['a', 'b|c'],
        [
          [null, { k: [1] }],
          ['x\ny', 'p|q']
        ]
      )
    ).toBe(['| a | b\\|c |', '| --- | --- |', '| NULL | {"k":[1]} |', '| x\\ny | p\\|q |'].join('\n'));
  });

  it('shortens long cells and says so with an ellipsis', () => {
    const cell = formatCell('x'.repeat(1000));
    expect(cell).toHaveLength(MAX_CELL_CHARS);
    expect(cell.endsWith('…')).toBe(true);
  });
});

describe('error descriptions', () => {
  it('keeps PostgreSQL’s message, points at the position and adds a fix', () => {
    const { message, hint } = describePgError(
      { code: '42703', message: 'column "nme" does not exist', position: '8', hint: 'Perhaps you meant "name".' },
      'SELECT nme FROM t'
    );
    expect(message).toBe('PostgreSQL error 42703: column "nme" does not exist (at character 8: "nme FROM t")');
    expect(hint).toMatch(/describe_table.*PostgreSQL hint: Perhaps you meant "name"\./);
  });

  it('names the statement timeout when a statement was cancelled by it', () => {
    expect(
      describePgError({ code: '57014', message: 'canceling statement due to statement timeout' }, undefined, 5000).hint
    ).toMatch(/5000 ms statement_timeout/);
  });

  it('tells network failures from answers', () => {
    expect(
      isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))
    ).toBe(true);
    expect(isConnectionError(Object.assign(new Error('relation does not exist'), { code: '42P01' }))).toBe(false);
    // A protocol violation answers a malformed request (e.g. a params count mismatch); the connection is fine.
    const mismatch = Object.assign(
      new Error('bind message supplies 2 parameters, but prepared statement "" requires 1'),
      {
        code: '08P01'
      }
    );
    expect(isConnectionError(mismatch)).toBe(false);
    expect(describePgError(mismatch).hint).toMatch(/one value in params for each \$n/);
  });
});

describe('limitIncomingBytes: protocol messages counted as they arrive', () => {
  /** One backend message: a type byte, then a length that counts itself and the body. */
  const message = (type: string, bodyBytes: number) => {
    const buffer = Buffer.alloc(5 + bodyBytes, 0x61);
    buffer.write(type, 0);
    buffer.writeUInt32BE(4 + bodyBytes, 1);
    return buffer;
  };
  const guarded = (limit: number) => {
    const stream = new PassThrough();
    const errors: unknown[] = [];
    stream.on('error', (error) => errors.push(error));
    stream.on('data', () => undefined);
    limitIncomingBytes({ connection: { stream } } as unknown as Pick<Client, 'connection'>, limit);
    return { stream, errors, send: (...chunks: Buffer[]) => chunks.forEach((chunk) => stream.write(chunk)) };
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('lets through messages under the limit, however the bytes are split into chunks', async () => {
    const { stream, errors, send } = guarded(100);
    const bytes = Buffer.concat([
      message('T', 20),
      message('D', 60),
      message('C', 10),
      message('D', 60),
      message('s', 0)
    ]);
    // Every split point, including inside a 5-byte header.
    for (let i = 0; i < bytes.length; i += 3) send(bytes.subarray(i, i + 3));
    await settle();
    expect(errors).toEqual([]);
    expect(stream.destroyed).toBe(false);
  });

  it('destroys the stream at the header of one message over the limit, before its body arrives', async () => {
    const { stream, errors, send } = guarded(100);
    send(message('D', 10), message('D', 200).subarray(0, 5));
    await settle();
    expect(stream.destroyed).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(IncomingTooLargeError);
  });

  it('also counts other message types, e.g. an error carrying a huge value', async () => {
    const { stream, send } = guarded(100);
    send(message('E', 200).subarray(0, 7));
    await settle();
    expect(stream.destroyed).toBe(true);
  });

  it('adds up data rows in a row (one batch), and starts again after any other message', async () => {
    const batches = guarded(100);
    batches.send(message('D', 40), message('D', 40), message('s', 0), message('D', 40), message('D', 40));
    await settle();
    expect(batches.stream.destroyed).toBe(false);
    const oneBatch = guarded(100);
    oneBatch.send(message('D', 40), message('D', 40), message('D', 40));
    await settle();
    expect(oneBatch.stream.destroyed).toBe(true);
  });
});
