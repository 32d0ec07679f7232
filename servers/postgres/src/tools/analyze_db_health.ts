import * as z from 'zod';
import { defineTool } from '../kit.js';
import { HEALTH_CHECKS, analyzeHealth, type Severity } from '../postgres/health.js';

const SEVERITIES = ['ok', 'warning', 'critical'] as const;
const MAX_FINDINGS = 20;

export const analyzeDbHealth = defineTool({
  name: 'analyze_db_health',
  title: 'Analyze database health',
  description:
    'Use for a DBA check-up: invalid, unused, duplicate and bloated indexes; dead rows and transaction-ID wraparound age (vacuum); connection use and sessions idle in a transaction; cache hit ratios; long-running queries. ' +
    'Each check reports ok, warning or critical with findings and what to do.',
  seeAlso: { get_slow_queries: 'for the slowest statements', explain_query: 'for one query’s plan' },
  input: z.object({
    checks: z
      .array(z.enum(HEALTH_CHECKS))
      .min(1)
      .default([...HEALTH_CHECKS])
      .describe(`Checks to run (default all: ${HEALTH_CHECKS.join(', ')}).`),
    longRunningSeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(60)
      .describe('Queries or transactions running longer than this are reported (default 60).')
  }),
  output: z.object({
    status: z.enum(SEVERITIES).describe('The worst status of the checks.'),
    checks: z.array(
      z.object({
        check: z.enum(HEALTH_CHECKS),
        status: z.enum(SEVERITIES),
        summary: z.string(),
        findings: z.array(
          z.object({ severity: z.enum(['warning', 'critical']), subject: z.string(), message: z.string() })
        )
      })
    )
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async handler({ args: { checks, longRunningSeconds }, deps, signal }) {
    const results = await deps.db.readOnly(
      (client) =>
        analyzeHealth(client, [...new Set(checks)], {
          longRunningSeconds,
          maxFindings: MAX_FINDINGS
        }),
      { signal }
    );
    const status: Severity = results.reduce<Severity>(
      (worst, r) => (SEVERITIES.indexOf(r.status) > SEVERITIES.indexOf(worst) ? r.status : worst),
      'ok'
    );
    const text = [
      `Overall: ${status}.`,
      ...results.map((r) =>
        [
          `${r.check}: ${r.status} (${r.summary})`,
          ...r.findings.map((f) => `  - [${f.severity}] ${f.subject}: ${f.message}`)
        ].join('\n')
      )
    ].join('\n\n');
    return { structured: { status, checks: results }, text };
  }
});
