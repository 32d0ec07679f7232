import { defineServer, defineSettings, registryServerJson, renderHostConfigs, setting } from '../src/index.js';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';

const settings = defineSettings('note-pad', {
  apiToken: setting(z.string().optional(), { description: 'Token the server acts as.', secret: true }),
  maxNotes: setting(z.number().int().default(10), { description: 'Most notes kept (default 10).' })
});
const manifest = defineServer({
  name: 'note-pad',
  version: '1.2.3',
  description: 'x',
  settings,
  instructions: 'x',
  createDeps: () => ({}),
  toolsets: []
});
const pkg = {
  name: '@mcp-catalog/server-note-pad',
  version: '1.2.3',
  mcpName: 'io.github.mcp-catalog/note-pad',
  bin: { 'mcp-server-note-pad': './dist/index.js' },
  mcpCatalog: { registryDescription: 'Notes for agents.' }
};

describe('registry server.json', () => {
  it('names the npm package and image, marks secrets and gives no secret a default', () => {
    const entry = registryServerJson(manifest, pkg) as { name: string; packages: Record<string, any>[] };
    expect(entry.name).toBe(pkg.mcpName);
    expect(entry.packages.map((p) => [p.registryType, p.identifier])).toEqual([
      ['npm', pkg.name],
      ['oci', 'ghcr.io/mcp-catalog/server-note-pad:1.2.3']
    ]);
    expect(entry.packages[0]!.environmentVariables).toEqual([
      { name: 'NOTE_PAD_API_TOKEN', description: 'Token the server acts as.', format: 'string', isSecret: true },
      { name: 'NOTE_PAD_MAX_NOTES', description: 'Most notes kept (default 10).', format: 'number', default: '10' }
    ]);
  });

  it('refuses a description over 100 characters or a package without mcpName', () => {
    const long = { ...pkg, mcpCatalog: { registryDescription: 'x'.repeat(101) } };
    expect(() => registryServerJson(manifest, long)).toThrow(/1–100 characters/);
    expect(() => registryServerJson(manifest, { ...pkg, mcpName: undefined })).toThrow(/no mcpName/);
  });
});

describe('host snippets', () => {
  it('pass secrets only as placeholders, env references and password inputs', () => {
    const text = renderHostConfigs(manifest, pkg);
    expect(text).toContain('"NOTE_PAD_API_TOKEN": "<NOTE_PAD_API_TOKEN>"');
    expect(text).toContain('"NOTE_PAD_API_TOKEN": "${env:NOTE_PAD_API_TOKEN}"');
    expect(text).toContain('"NOTE_PAD_API_TOKEN": "${input:note-pad-api-token}"');
    expect(text).toContain('env_vars = ["NOTE_PAD_API_TOKEN"]');
    expect(text).toContain('"password": true');
    expect(text).not.toContain('NOTE_PAD_MAX_NOTES');
  });
});
