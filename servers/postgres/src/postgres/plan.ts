/** One node of `EXPLAIN (FORMAT JSON)` output, with the fields this module reads. */
export interface PlanNode {
  'Node Type': string;
  Strategy?: string;
  'Plan Rows'?: number;
  'Total Cost'?: number;
  'Relation Name'?: string;
  Schema?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

export interface PlanEstimate {
  /** Rows the top node is estimated to return. */
  resultRows: number;
  /** The planner's total cost of the whole statement, in its arbitrary units. */
  totalCost: number;
  /**
   * Rows the database must read before it can return the first row: the largest estimate among
   * nodes feeding a step that consumes all its input first (sort, aggregate, hash build, set
   * operation) and set-returning functions in FROM (computed whole). Streaming steps cost only what is
   * fetched, and results are streamed and capped, so they do not count.
   */
  rowsBeforeFirstRow: number;
  /** The node that estimate comes from, e.g. "Seq Scan on public.events". */
  heaviestStep?: string;
}

/** Steps that read all their input before producing a row. */
function isBlocking(node: PlanNode): boolean {
  switch (node['Node Type']) {
    case 'Sort':
    case 'Hash':
    case 'SetOp':
      return true;
    case 'Aggregate':
      // Sorted (GroupAggregate) streams over input that is already ordered; Plain, Hashed and Mixed do not.
      return node.Strategy !== 'Sorted';
    default:
      return false;
  }
}

/** Estimates what a statement costs before its first row, from its `EXPLAIN (FORMAT JSON)` plan. */
export function estimatePlan(root: PlanNode): PlanEstimate {
  let rowsBeforeFirstRow = 0;
  let heaviestStep: string | undefined;
  const visit = (node: PlanNode, consumedFully: boolean) => {
    const rows = node['Plan Rows'] ?? 0;
    // A set-returning function in FROM computes its whole result into a tuplestore first.
    const materializes = node['Node Type'] === 'Function Scan' || node['Node Type'] === 'Table Function Scan';
    if ((consumedFully || materializes) && rows > rowsBeforeFirstRow) {
      rowsBeforeFirstRow = rows;
      heaviestStep = describeNode(node);
    }
    // A LIMIT stops pulling from its input early, unless something above needs everything anyway.
    const childrenFully = node['Node Type'] === 'Limit' ? false : consumedFully || isBlocking(node);
    for (const child of node.Plans ?? []) visit(child, childrenFully);
  };
  visit(root, false);
  return {
    resultRows: root['Plan Rows'] ?? 0,
    totalCost: root['Total Cost'] ?? 0,
    rowsBeforeFirstRow,
    ...(heaviestStep ? { heaviestStep } : {})
  };
}

function describeNode(node: PlanNode): string {
  const relation = node['Relation Name'] ? ` on ${node.Schema ? `${node.Schema}.` : ''}${node['Relation Name']}` : '';
  const fn = typeof node['Function Name'] === 'string' ? ` of ${node['Function Name']}()` : '';
  return `${node['Node Type']}${relation}${fn}`;
}
