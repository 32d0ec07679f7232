import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { testRuntime } from '@mcp-catalog/shared/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../src/tickets/database.js';

describe('the default store location', () => {
  let dataHome: string;
  beforeEach(() => {
    dataHome = mkdtempSync(path.join(tmpdir(), 'support-tickets-xdg-'));
    vi.stubEnv('XDG_DATA_HOME', dataHome);
    // The default path is read when settings.ts loads: load it again under this XDG_DATA_HOME.
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dataHome, { recursive: true, force: true });
  });

  async function start(database?: string) {
    const { parseConfig } = await import('./helpers/harness.js');
    const { createDeps } = await import('../src/deps.js');
    const config = parseConfig(database ? { database } : {});
    const deps = createDeps(config, testRuntime());
    return { config, deps };
  }

  it('adopts the store an earlier version kept at $XDG_DATA_HOME/mcp-support-tickets/tickets.db', async () => {
    const legacy = path.join(dataHome, 'mcp-support-tickets', 'tickets.db');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(legacy), { recursive: true });
    const old = openDatabase(legacy);
    old
      .prepare(
        "INSERT INTO audit_log (at, tool, ticket_id, outcome, actor, summary, details) VALUES ('2026-01-01T00:00:00Z', 'x', NULL, 'ok', 'old', 'kept', '{}')"
      )
      .run();
    old.close();

    const { config, deps } = await start();
    try {
      expect(config.database).toBe(path.join(dataHome, 'mcp-catalog', 'support-tickets.db'));
      expect(existsSync(legacy)).toBe(false);
      expect(existsSync(config.database)).toBe(true);
      const rows = deps.db.prepare("SELECT actor FROM audit_log WHERE summary = 'kept'").all();
      expect(rows).toEqual([{ actor: 'old' }]);
    } finally {
      await deps.backend.close();
      deps.db.close();
    }
  });

  it('leaves the old store alone when the operator names a --database', async () => {
    const legacy = path.join(dataHome, 'mcp-support-tickets', 'tickets.db');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(legacy), { recursive: true });
    openDatabase(legacy).close();
    const chosen = path.join(dataHome, 'chosen.db');
    const { deps } = await start(chosen);
    try {
      expect(existsSync(legacy)).toBe(true);
      expect(existsSync(chosen)).toBe(true);
    } finally {
      await deps.backend.close();
      deps.db.close();
    }
  });
});
