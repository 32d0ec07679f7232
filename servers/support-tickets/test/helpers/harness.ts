import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { manifestSettings, prepareManifest, type ServerRuntimeOptions } from '@mcp-catalog/shared';
import { connectInMemory, testRuntime, type ClientOptions } from '@mcp-catalog/shared/testing';
import type { Config } from '../../src/settings.js';
import { mapError } from '../../src/errors.js';
import { manifest } from '../../src/manifest.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { FakeHelpdesk } from './fake-helpdesk.js';

export type BackendKind = 'sqlite' | 'rest';
export const BACKENDS: BackendKind[] = ['sqlite', 'rest'];

export interface Harness {
  kind: BackendKind;
  config: Config;
  deps: Deps;
  runtime: ReturnType<typeof testRuntime>;
  /** The REST helpdesk behind the server (rest only). */
  helpdesk: FakeHelpdesk | undefined;
  connect(options?: ClientOptions): Promise<Client>;
  close(): Promise<void>;
}

/**
 * A server over either backend, loaded with the demo helpdesk: the embedded store in a temp file,
 * or the fake REST helpdesk on 127.0.0.1 (with the audit log in a temp file).
 */
export async function startHarness(
  kind: BackendKind,
  settings: Record<string, unknown> = {},
  runtimeOptions: Partial<ServerRuntimeOptions> = {}
): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'support-tickets-'));
  const helpdesk = kind === 'rest' ? await FakeHelpdesk.start() : undefined;
  const config = parseConfig({
    database: path.join(dir, 'tickets.db'),
    ...(helpdesk ? { apiBaseUrl: helpdesk.url, apiKey: helpdesk.apiKey, apiTimeoutMs: 2_000 } : { seedDemo: true }),
    ...settings
  });
  const prepared = prepareManifest(manifest, config);
  const runtime = testRuntime({ mapError, enabledTools: prepared.selection.enabled, ...runtimeOptions });
  const deps = createDeps(config, runtime);
  const serverFor = prepared.factory(deps, runtime);
  const sessions: Array<{ close(): Promise<void> }> = [];
  return {
    kind,
    config,
    deps,
    runtime,
    helpdesk,
    async connect(options = {}) {
      const session = await connectInMemory(serverFor, options);
      sessions.push(session);
      return session.client;
    },
    async close() {
      await Promise.all(sessions.map((s) => s.close()));
      await deps.backend.close();
      deps.db.close();
      await helpdesk?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

export function textOf(result: { content?: unknown }): string {
  return ((result.content ?? []) as Array<{ type: string; text?: string }>).map((c) => c.text ?? '').join('\n');
}

/** Settings as the bin would parse them (common ones included), from values rather than flags. */
export function parseConfig(values: Record<string, unknown>): Config {
  return manifestSettings(manifest).schema.parse(values) as Config;
}
