import { defineTool } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { HEALTH_CHECKS, analyzeHealth, type Severity } from '../postgres/health.js';
import type { Deps } from '../server.js';

const SEVERITIES = ['ok', 'warning', 'critical'] as const;
const MAX_FINDINGS = 20;

export const analyzeDbHealthTool = (_config: Config, deps: Deps) =>
  defineTool({
    name: 'analyze_db_health',
    title: 'Analyze database health',
    description:
      'Use for a DBA check-up: invalid, unused, duplicate and bloated indexes; dead rows and transaction-ID wraparound age (vacuum); connection use and sessions idle in a transaction; cache hit ratios; long-running queries. ' +
      'Each check reports ok, warning or critical with findings and what to do. For slow statements use get_slow_queries; for one query’s plan, explain_query.',
    input: z.object({
      checks: z
        .array(z.enum(HEALTH_CHECKS))
        .min(1)
        .default([...HEALTH_CHECKS])
        .describe(`Checks to run (default all: ${HEALTH_CHECKS.join(', ')}).`),
      long_running_seconds: z
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
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler({ checks, long_running_seconds }, ctx) {
      const results = await deps.db.readOnly(
        (client) =>
          analyzeHealth(client, [...new Set(checks)], {
            longRunningSeconds: long_running_seconds,
            maxFindings: MAX_FINDINGS
          }),
        { signal: ctx.signal }
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
