import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { spawnStdioServer, type SpawnedStdioServer } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { databaseUrl, withClient } from '../test/support/database.js';

// Our built bin against @modelcontextprotocol/server-postgres (the archived reference, from the
// registry) in the same run, on the same 5-million-row table: time to answer and each server
// process's peak RSS (VmHWM), reported as ratios. Run with `pnpm bench` after `pnpm build`.

const ROWS = Number(process.env.BENCH_ROWS ?? 5_000_000);
const SMALL_CALLS = 20;
const ours = {
  name: 'ours',
  command: process.execPath,
  args: [fileURLToPath(new URL('../dist/index.js', import.meta.url))]
};
const reference = {
  name: 'reference',
  command: process.execPath,
  args: [createRequire(import.meta.url).resolve('@modelcontextprotocol/server-postgres/dist/index.js')]
};
type Server = typeof ours;

let url: string;
const database = `bench_${process.pid}`;

beforeAll(async () => {
  const admin = inject('pgAdminUrl');
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${database}`));
  url = databaseUrl(admin, database);
  const started = Date.now();
  await withClient(url, async (c) => {
    await c.query(`CREATE TABLE bench AS
      SELECT g AS id, md5(g::text) AS name, (g % 1000)::numeric / 7 AS amount, timestamptz '2026-01-01' + g * interval '1 second' AS created_at
        FROM generate_series(1, ${ROWS}) g`);
    await c.query('ALTER TABLE bench ADD PRIMARY KEY (id)');
    await c.query('VACUUM ANALYZE bench');
  });
  console.log(`bench table: ${ROWS.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

afterAll(async () => {
  await withClient(inject('pgAdminUrl'), (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});

/** The reference takes the URL as its argument; ours reads it from the environment only. */
function spawn(server: Server): Promise<SpawnedStdioServer> {
  return server === reference
    ? spawnStdioServer(server.command, [...server.args, url])
    : spawnStdioServer(server.command, server.args, { env: { DATABASE_URL: url } });
}

/** Peak resident set size of a process so far, in MiB, from /proc (Linux). */
function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) / 1024;
}

interface Measurement {
  ms: number;
  peakMiB: number;
  outcome: string;
}

async function selectAll(server: Server): Promise<Measurement> {
  const spawned = await spawn(server);
  const pid = spawned.transport.process!.pid!;
  try {
    const started = performance.now();
    let outcome: string;
    try {
      const result = await spawned.client.callTool(
        { name: server === ours ? 'run_query' : 'query', arguments: { sql: 'SELECT * FROM bench' } },
        { timeout: 600_000 }
      );
      const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
      outcome = result.isError
        ? `tool error: ${text.slice(0, 120)}`
        : `answered, ${text.length.toLocaleString('en-US')} characters of text`;
    } catch (error) {
      outcome = `failed: ${(error as Error).message.slice(0, 160)}`;
    }
    const ms = performance.now() - started;
    const peakMiB = spawned.transport.process!.exitCode === null ? peakRssMiB(pid) : NaN;
    return { ms, peakMiB, outcome };
  } finally {
    await spawned.close();
  }
}

async function smallQueries(server: Server): Promise<number> {
  const spawned = await spawn(server);
  try {
    const timings: number[] = [];
    for (let i = 0; i < SMALL_CALLS; i++) {
      const started = performance.now();
      const result = await spawned.client.callTool({
        name: server === ours ? 'run_query' : 'query',
        arguments: { sql: `SELECT * FROM bench WHERE id > ${i * 1000} ORDER BY id LIMIT 200` }
      });
      timings.push(performance.now() - started);
      expect(result.isError).toBeFalsy();
    }
    return timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)]!;
  } finally {
    await spawned.close();
  }
}

it(`SELECT * over ${ROWS.toLocaleString('en-US')} rows, ours vs the reference server`, async () => {
  const results = { ours: await selectAll(ours), reference: await selectAll(reference) };
  const small = { ours: await smallQueries(ours), reference: await smallQueries(reference) };
  const line = (name: string, m: Measurement) =>
    `  ${name.padEnd(10)} ${(m.ms / 1000).toFixed(2).padStart(8)} s   peak RSS ${Number.isNaN(m.peakMiB) ? '  (exited)' : `${m.peakMiB.toFixed(0).padStart(6)} MiB`}   ${m.outcome}`;
  console.log(
    [
      `SELECT * FROM bench (${ROWS.toLocaleString('en-US')} rows):`,
      line('ours', results.ours),
      line('reference', results.reference),
      `  time ratio reference/ours: ${(results.reference.ms / results.ours.ms).toFixed(1)}x; peak RSS ratio reference/ours: ${(results.reference.peakMiB / results.ours.peakMiB).toFixed(1)}x`,
      `200-row query, median of ${SMALL_CALLS} calls: ours ${small.ours.toFixed(1)} ms, reference ${small.reference.toFixed(1)} ms (ratio ours/reference ${(small.ours / small.reference).toFixed(2)}x)`
    ].join('\n')
  );
  expect(results.ours.outcome).toMatch(/^answered/);
});
