import { describe, expect, it } from 'vitest';
import { describePgError, isConnectionError } from '../src/postgres/errors.js';
import { formatBytes } from '../src/postgres/health.js';
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

  it('formats byte sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2_170_880)).toBe('2.1 MB');
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
  });
});
