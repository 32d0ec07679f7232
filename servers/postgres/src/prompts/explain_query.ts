import * as z from 'zod';
import { toToolError } from '../errors.js';
import { definePrompt } from '../kit.js';
import { RefusedError } from '../postgres/errors.js';
import { explainStatement } from '../postgres/explain.js';
import { analyzeExplainTarget } from '../postgres/statement.js';
import { findTable, renderDescription } from '../tools/describe_table.js';

const MAX_TABLES = 5;

function guidance(explainTool: boolean): string {
  return [
    'How to read it:',
    '- Read the plan from the innermost node outwards; each node shows estimated cost (startup..total) and rows.',
    '- A Seq Scan on a large table with a selective filter usually wants an index on the filtered columns; a Sort or Hash over many rows wants less input or an index that gives the order.',
    ...(explainTool
      ? [
          '- Compare estimated rows with reality: the explain_query tool with analyze=true shows actual rows and timings (reads only).',
          '- Try an index before creating it: the explain_query tool with hypotheticalIndexes (needs hypopg).'
        ]
      : ['- Compare estimated rows with reality: EXPLAIN ANALYZE shows actual rows and timings.']),
    '- Nested Loop over many outer rows is slow without an index on the inner join key.',
    'Then explain the plan in plain words, name the most expensive step, and propose concrete changes (indexes, rewrites) with their trade-offs.'
  ].join('\n');
}

export const explainQueryPrompt = definePrompt({
  name: 'explain_query',
  title: 'Explain a query',
  description:
    'The plan of a statement (not executed) with the schema of the tables it reads and guidance on how to read it and speed it up.',
  args: z.object({
    sql: z.string().min(1).max(100_000).describe('The statement to explain, without EXPLAIN.')
  }),
  async handler({ args: { sql }, config, deps, signal, isEnabled }) {
    try {
      const analysis = await analyzeExplainTarget(sql, false);
      if (analysis.paramCount > 0)
        throw new RefusedError(
          `The statement uses $1..$${analysis.paramCount}, and this prompt takes no params.`,
          isEnabled('explain_query')
            ? 'Write literal values in their place, or call the explain_query tool, which takes params.'
            : 'Write literal values in their place.'
        );
      const outcome = await explainStatement(deps.db, sql, [], {
        format: 'text',
        analyze: false,
        hypotheticalIndexes: [],
        maxEstimatedRows: config.maxEstimatedRows,
        signal
      });
      const schemas: string[] = [];
      for (const relation of analysis.relations.slice(0, MAX_TABLES)) {
        // CTE names look like tables to the parser; whatever does not resolve is skipped.
        const description = await deps.db
          .readOnly((client) => findTable(client, relation.schema, relation.name), { signal })
          .catch(() => undefined);
        if (description) schemas.push(renderDescription(description));
      }
      const text = [
        'Explain how PostgreSQL runs this statement and how to make it faster.',
        `\`\`\`sql\n${sql}\n\`\`\``,
        schemas.length ? `Tables it reads:\n\n${schemas.join('\n\n')}` : '',
        `Plan (EXPLAIN, not executed):\n\`\`\`\n${outcome.plan as string}\n\`\`\``,
        `Estimated rows read before the first row: ${Math.round(outcome.estimate.rowsBeforeFirstRow)}${outcome.refusedByCostGuard ? ' (over the cost guard: a query tool would refuse to run it)' : ''}.`,
        guidance(isEnabled('explain_query'))
      ]
        .filter(Boolean)
        .join('\n\n');
      return {
        description: 'Plan, schema and guidance for one statement',
        messages: [{ role: 'user', content: { type: 'text', text } }]
      };
    } catch (error) {
      throw toToolError(error, { sql }) ?? error;
    }
  }
});
