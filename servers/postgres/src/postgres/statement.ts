import { hasSqlDetails, parse, scan } from 'libpg-query';
import { RefusedError } from './errors.js';
import { refuseDeniedCalls } from './functions.js';

/** A possibly schema-qualified name as written in the statement (identifiers already case-folded). */
export interface QualifiedName {
  schema?: string;
  name: string;
}

/** What the function layer must look up in the catalog before the statement may run. */
export interface StatementAnalysis {
  /** The parse node type of the statement, e.g. "SelectStmt", "ExplainStmt", "InsertStmt". */
  kind: string;
  /** Every function called anywhere in the tree: target list, FROM, WHERE, subqueries, CTEs. */
  functions: QualifiedName[];
  /** Every operator used, since an operator is a function call in disguise. */
  operators: string[];
  /**
   * Last parts of qualified column references (`t.x`, `(t).x`): PostgreSQL reads `t.f` as `f(t)`
   * when `t` is a row and no column `f` exists, so these may be function calls too.
   */
  fieldNames: string[];
  /** Type names cast to (`x::t`, CAST, column definition lists): casts and domain checks are functions too. */
  types: string[];
  /** Tables, views and other relations the statement reads or writes. */
  relations: QualifiedName[];
  /** The highest $n placeholder used, 0 when there is none. */
  paramCount: number;
  /**
   * For EXPLAIN: whether it executes the statement (ANALYZE), the explained statement's kind, and
   * its text (what follows EXPLAIN and its options), for the cost guard.
   */
  explain?: { analyze: boolean; innerKind: string; innerSql: string };
  /** For SHOW: the setting named, lower-case ("all" for SHOW ALL). */
  show?: string;
  /**
   * current_setting() or set_config() calls whose setting name is not a string literal
   * (`'primary_' || 'conninfo'`, a column, format()): their name cannot be checked before running.
   */
  computedSettingNames?: string[];
}

const READ_KINDS = new Set(['SelectStmt', 'VariableShowStmt', 'ExplainStmt']);
const WRITE_KINDS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);
const PLAN_ONLY_KINDS = new Set(['SelectStmt', ...WRITE_KINDS]);

/**
 * Statements execute_sql refuses even in read-write mode: they escape the one transaction the
 * server wraps around the statement, run code the parser cannot see, or touch server files.
 */
const REFUSED_WRITE_KINDS: Record<string, string> = {
  TransactionStmt:
    'transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) is managed by the server: each call runs in its own transaction',
  CopyStmt: 'COPY reads or writes server files or programs, or needs the COPY protocol',
  DoStmt: 'DO blocks run procedural code the server cannot check',
  AlterSystemStmt: 'ALTER SYSTEM changes the server configuration file',
  LoadStmt: 'LOAD loads a shared library into the server',
  VariableSetStmt: 'SET/RESET only changes this server’s pooled session, which is discarded after the call',
  ListenStmt: 'LISTEN needs a long-lived session, which this server does not keep',
  UnlistenStmt: 'UNLISTEN needs a long-lived session, which this server does not keep',
  DeclareCursorStmt: 'cursors need a long-lived session; use run_query, which streams results itself',
  FetchStmt: 'cursors need a long-lived session; use run_query, which streams results itself',
  ClosePortalStmt: 'cursors need a long-lived session; use run_query, which streams results itself',
  PrepareStmt: 'prepared statements need a long-lived session; pass params instead',
  ExecuteStmt: 'prepared statements need a long-lived session; pass params instead',
  DeallocateStmt: 'prepared statements need a long-lived session; pass params instead',
  DiscardStmt: 'DISCARD only affects this server’s pooled session'
};

type Node = Record<string, unknown>;

/** A tree too deep for the parser's or this module's recursion is refused, not reported as a crash. */
async function withinDepth(analysis: () => Promise<StatementAnalysis>): Promise<StatementAnalysis> {
  try {
    return await analysis();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new RefusedError(
      'The statement is nested too deeply to check.',
      'Simplify it: fewer levels of nested subqueries or expressions.'
    );
  }
}

/** Parses `sql` with the PostgreSQL parser and returns its only statement, or refuses. */
async function parseOne(sql: string): Promise<{ kind: string; body: Node }> {
  if (sql.trim() === '') throw new RefusedError('The SQL is empty.', 'Pass one SQL statement in "sql".');
  if (sql.includes('\u0000'))
    throw new RefusedError('The SQL contains a NUL byte.', 'Remove control characters from the statement.');
  let tree: { stmts?: Array<{ stmt?: Node }> };
  try {
    tree = (await parse(sql)) as typeof tree;
  } catch (error) {
    if (error instanceof RangeError) throw error; // too deep: see withinDepth
    const position = hasSqlDetails(error) ? error.sqlDetails?.cursorPosition : undefined;
    const where =
      position === undefined
        ? ''
        : ` at character ${position + 1}: "${sql.slice(position, position + 30).replace(/\s+/g, ' ')}"`;
    throw new RefusedError(
      `Syntax error${where} (${(error as Error).message}).`,
      'Fix the SQL; it must be valid PostgreSQL.'
    );
  }
  const statements = (tree.stmts ?? []).filter((s) => s.stmt);
  if (statements.length === 0)
    throw new RefusedError(
      'The SQL contains no statement (only comments or semicolons).',
      'Pass one SQL statement in "sql".'
    );
  if (statements.length > 1) {
    throw new RefusedError(
      `The SQL contains ${statements.length} statements; exactly one is allowed per call.`,
      'Send each statement in its own call, and remove trailing statements after the first semicolon.'
    );
  }
  const [kind, body] = Object.entries(statements[0]!.stmt!)[0] as [string, Node];
  return { kind, body };
}

/**
 * The parser layer of read-only mode: accepts exactly one SELECT, VALUES, TABLE, SHOW or EXPLAIN
 * (EXPLAIN ANALYZE only of a read), and refuses data-modifying CTEs, SELECT INTO and locking
 * clauses wherever they appear. Function calls are collected for the catalog check that follows.
 */
export async function analyzeReadOnly(sql: string): Promise<StatementAnalysis> {
  return withinDepth(() => readOnlyAnalysis(sql));
}

async function readOnlyAnalysis(sql: string): Promise<StatementAnalysis> {
  const { kind, body } = await parseOne(sql);
  if (!READ_KINDS.has(kind)) {
    throw new RefusedError(
      `${describeKind(kind)} is not allowed here: only SELECT, VALUES, TABLE, SHOW and EXPLAIN run in read-only mode.`,
      'Rewrite it as a query. Changes need execute_sql, which exists only when the operator started the server with --access-mode read-write.'
    );
  }
  if (kind === 'ExplainStmt') {
    const [innerKind, inner] = Object.entries(body.query as Node)[0] as [string, Node];
    const analyze = explainAnalyzes(body.options);
    checkExplainable(innerKind, inner, analyze);
    return { ...collect(kind, body), explain: { analyze, innerKind, innerSql: await explainedText(sql) } };
  }
  refuseWrites(body);
  const analysis = collect(kind, body);
  if (kind === 'VariableShowStmt') analysis.show = String(body.name ?? '').toLowerCase();
  return analysis;
}

/**
 * The statement an EXPLAIN explains, as written: the text after EXPLAIN and its options, either
 * the parenthesised list or the legacy ANALYZE/VERBOSE keywords. Found with the server's own
 * scanner, so comments and quoting are read as PostgreSQL reads them.
 */
async function explainedText(sql: string): Promise<string> {
  const { tokens } = await scan(sql);
  let index = 1; // past EXPLAIN
  if (tokens[index]?.text === '(') {
    let depth = 0;
    for (; index < tokens.length; index++) {
      if (tokens[index]!.text === '(') depth++;
      else if (tokens[index]!.text === ')' && --depth === 0) break;
    }
    index++;
  } else {
    while (/^(analyze|analyse|verbose)$/i.test(tokens[index]?.text ?? '')) index++;
  }
  const start = tokens[index]?.start ?? Buffer.byteLength(sql);
  // Scanner offsets count UTF-8 bytes.
  return Buffer.from(sql).subarray(start).toString();
}

/**
 * The parser layer for explain_query: `sql` is the statement to explain (without EXPLAIN). Writes
 * may be planned, never run, so they are accepted only without ANALYZE.
 */
export async function analyzeExplainTarget(sql: string, analyze: boolean): Promise<StatementAnalysis> {
  return withinDepth(async () => {
    const { kind, body } = await parseOne(sql);
    checkExplainable(kind, body, analyze);
    return collect(kind, body);
  });
}

function checkExplainable(kind: string, body: Node, analyze: boolean): void {
  if (!PLAN_ONLY_KINDS.has(kind)) {
    throw new RefusedError(
      `EXPLAIN of ${describeKind(kind)} is not allowed.`,
      'Explain a SELECT, VALUES, TABLE, INSERT, UPDATE, DELETE or MERGE, written without EXPLAIN.'
    );
  }
  if (analyze && kind !== 'SelectStmt') {
    throw new RefusedError(
      `EXPLAIN ANALYZE executes the statement, and ${describeKind(kind)} writes.`,
      'Drop ANALYZE to see the plan without running it.'
    );
  }
  refuseWrites(body);
}

/**
 * The parser layer of execute_sql (read-write mode): exactly one statement, not one that escapes
 * the server's transaction or reaches server files (see REFUSED_WRITE_KINDS), and no call to a
 * function on the deny-list.
 */
export async function analyzeWrite(sql: string): Promise<StatementAnalysis> {
  return withinDepth(() => writeAnalysis(sql));
}

async function writeAnalysis(sql: string): Promise<StatementAnalysis> {
  const { kind, body } = await parseOne(sql);
  const reason = REFUSED_WRITE_KINDS[kind];
  if (reason)
    throw new RefusedError(`${describeKind(kind)} is not allowed: ${reason}.`, 'Send a single DML or DDL statement.');
  const analysis = collect(kind, body);
  refuseDeniedCalls(analysis, sql);
  return analysis;
}

/**
 * Refuses params that do not match the $n placeholders, which PostgreSQL reports as a protocol
 * violation without saying which side is short.
 */
export function checkParamCount(analysis: StatementAnalysis, given: number): void {
  const used = analysis.paramCount;
  if (given < used)
    throw new RefusedError(
      `The SQL uses $${used} but params has ${given} value${given === 1 ? '' : 's'}.`,
      `Pass one value in params for each of $1..$${used}, in order.`
    );
  if (given > used)
    throw new RefusedError(
      `params has ${given} value${given === 1 ? '' : 's'} but the SQL uses ${used ? `only $1..$${used}` : 'no $n placeholders'}.`,
      'Remove the extra values, or refer to each one in the SQL as $n.'
    );
}

/** Refuses writes, SELECT INTO and row locks anywhere below the top statement `body`. */
function refuseWrites(body: Node): void {
  if (body.intoClause)
    throw new RefusedError(
      'SELECT ... INTO creates a table, which is a write.',
      'Remove the INTO clause to get the rows back.'
    );
  walk(body, (type, node) => {
    if (WRITE_KINDS.has(type)) {
      throw new RefusedError(
        `A data-modifying statement (${describeKind(type)}) inside the query is not allowed (e.g. a writable CTE: WITH x AS (DELETE ... RETURNING ...)).`,
        'Use a plain SELECT in every WITH clause.'
      );
    }
    if (type.endsWith('Stmt') && type !== 'SelectStmt')
      throw new RefusedError(`${describeKind(type)} inside the query is not allowed.`, 'Use a plain query.');
    if (type === 'SelectStmt' && node.intoClause) refuseWrites(node);
    if (type === 'LockingClause') {
      throw new RefusedError(
        'Locking clauses (FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE) take row locks and are not allowed.',
        'Remove the FOR ... clause; reading does not need locks.'
      );
    }
  });
}

function collect(kind: string, body: Node): StatementAnalysis {
  const analysis: StatementAnalysis = {
    kind,
    functions: [],
    operators: [],
    fieldNames: [],
    types: [],
    relations: [],
    paramCount: 0
  };
  walk(body, (type, node) => {
    if (type === 'FuncCall') {
      const fn = qualified(node.funcname);
      analysis.functions.push(fn);
      if (SETTING_READERS.has(fn.name.toLowerCase()) && !isStringLiteral((node.args as Node[] | undefined)?.[0]))
        (analysis.computedSettingNames ??= []).push(fn.name);
    } else if (type === 'A_Expr' || type === 'SubLink') {
      const name = names(type === 'A_Expr' ? node.name : node.operName).at(-1);
      if (name) analysis.operators.push(name);
    } else if (type === 'ColumnRef') {
      const fields = names(node.fields);
      if (fields.length >= 2) analysis.fieldNames.push(fields.at(-1)!);
    } else if (type === 'A_Indirection') {
      // (row).name is field notation too.
      analysis.fieldNames.push(...names(node.indirection));
    } else if (type === 'ParamRef') {
      analysis.paramCount = Math.max(analysis.paramCount, Number(node.number ?? 0));
    } else if (type === 'RangeVar') {
      analysis.relations.push({
        ...(node.schemaname ? { schema: String(node.schemaname) } : {}),
        name: String(node.relname)
      });
    }
    // TypeCast, ColumnDef and the like carry their TypeName untagged, in a typeName field.
    const typeName = type === 'TypeName' ? node : (node.typeName as Node | undefined);
    const typeLast = names(typeName?.names).at(-1);
    if (typeLast) analysis.types.push(typeLast);
  });
  analysis.functions = unique(analysis.functions);
  analysis.operators = [...new Set(analysis.operators)];
  analysis.fieldNames = [...new Set(analysis.fieldNames)];
  analysis.types = [...new Set(analysis.types)];
  analysis.relations = unique(analysis.relations);
  return analysis;
}

/** Visits every parse node below `value` (keys that name node types start with a capital letter). */
function walk(value: unknown, visit: (type: string, node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (/^[A-Z]/.test(key) && child && typeof child === 'object' && !Array.isArray(child)) visit(key, child as Node);
    walk(child, visit);
  }
}

/** `[{String: {sval: 'a'}}, ...]` → `['a', ...]`; `*` and other non-strings are skipped. */
function names(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const sval = (item as { String?: { sval?: unknown } }).String?.sval;
    return typeof sval === 'string' ? [sval] : [];
  });
}

/** Functions that take a setting name as their first argument. */
const SETTING_READERS = new Set(['current_setting', 'set_config']);

/** Whether a parse node is a plain string constant, e.g. 'work_mem' (not a cast or an expression). */
function isStringLiteral(arg: Node | undefined): boolean {
  const constant = arg?.A_Const as Node | undefined;
  return constant !== undefined && typeof (constant.sval as Node | undefined)?.sval === 'string';
}

function qualified(list: unknown): QualifiedName {
  const parts = names(list);
  const name = parts.at(-1) ?? '';
  return parts.length > 1 ? { schema: parts.at(-2)!, name } : { name };
}

function unique(list: QualifiedName[]): QualifiedName[] {
  const seen = new Map(list.map((q) => [`${q.schema ?? ''}.${q.name}`, q]));
  return [...seen.values()];
}

/** ANALYZE is on unless its argument is false/off/0 (PostgreSQL's defGetBoolean); unknown forms count as on. */
function explainAnalyzes(options: unknown): boolean {
  if (!Array.isArray(options)) return false;
  return options.some((option) => {
    const def = (
      option as { DefElem?: { defname?: string; arg?: { String?: { sval?: string }; Integer?: { ival?: number } } } }
    ).DefElem;
    if (def?.defname !== 'analyze') return false;
    const sval = def.arg?.String?.sval?.toLowerCase();
    if (sval === 'false' || sval === 'off') return false;
    // The parser's JSON omits zero values: `ANALYZE 0` arrives as {"Integer": {}}.
    if (def.arg?.Integer && !def.arg.Integer.ival) return false;
    return true;
  });
}

const KIND_NAMES: Record<string, string> = {
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  ExplainStmt: 'EXPLAIN',
  VariableShowStmt: 'SHOW',
  VariableSetStmt: 'SET',
  TransactionStmt: 'Transaction control',
  CopyStmt: 'COPY',
  DoStmt: 'DO',
  CreateStmt: 'CREATE TABLE',
  CreateTableAsStmt: 'CREATE TABLE AS',
  DropStmt: 'DROP',
  TruncateStmt: 'TRUNCATE',
  AlterTableStmt: 'ALTER TABLE',
  CallStmt: 'CALL',
  LockStmt: 'LOCK',
  VacuumStmt: 'VACUUM/ANALYZE',
  GrantStmt: 'GRANT/REVOKE',
  NotifyStmt: 'NOTIFY'
};

/** "InsertStmt" → "INSERT"; unknown kinds read as "a CreateRoleStmt statement". */
export function describeKind(kind: string): string {
  return KIND_NAMES[kind] ?? `A ${kind.replace(/Stmt$/, '')} statement`;
}
