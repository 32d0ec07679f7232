import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { AnyServerManifest } from '../server/define.js';
import { manifestSettings } from '../server/prepare.js';
import { checkSnapshots, checkSwitches, checkToolDeclarations, type ContractOptions } from './contract.js';
import { loadManifestConfig } from './manifest.js';
import { spawnStdioServer } from './spawn.js';

export interface ServerContractOptions extends Omit<ContractOptions, 'updateSnapshots'> {
  /** The built bin (dist/index.js); spawned with node. */
  bin: string;
}

/**
 * The contract every catalog server keeps, in one call from `test/contract.test.ts`: declarations,
 * schema snapshots, the operator's switches, and the built bin's --help, --version, clean stdout
 * and exit when the host closes stdin.
 */
export function describeServerContract(manifest: AnyServerManifest, options: ServerContractOptions): void {
  const argv = options.argv ?? [];
  const env = options.env ?? {};
  const spawnEnv = { ...env, LOG_LEVEL: 'warning' };

  describe(`${manifest.name} server contract`, () => {
    it('declares every tool by the rules: names, camelCase fields, all four hints, descriptions', () => {
      expect(checkToolDeclarations(manifest)).toEqual([]);
    });

    it('matches the committed schema snapshots (__toolsnaps__)', () => {
      expect(checkSnapshots(manifest, { ...options, updateSnapshots: process.env.UPDATE_TOOLSNAPS === '1' })).toEqual(
        []
      );
    });

    it('offers no write tool under --read-only, hides --disable-tools, and names no tool it does not offer', () => {
      expect(checkSwitches(manifest, { argv, env })).toEqual([]);
    });

    it('--help lists every flag and the toolsets; --version prints the version', async () => {
      const help = await runBin(options.bin, ['--help'], spawnEnv);
      expect(help.code).toBe(0);
      const { specs } = manifestSettings(manifest);
      for (const spec of Object.values(specs)) {
        expect(help.stdout).toContain(spec.envOnly ? [spec.env].flat()[0]! : `--${spec.flag}`);
      }
      for (const set of manifest.toolsets) expect(help.stdout).toContain(set.name);
      const version = await runBin(options.bin, ['--version'], spawnEnv);
      expect(version.stdout.trim()).toBe(manifest.version);
    });

    it('serves tools/list over stdio with nothing but JSON-RPC on stdout, and exits when stdin closes', async () => {
      const { prepared } = loadManifestConfig(manifest, { argv, env });
      const server = await spawnStdioServer(process.execPath, [options.bin, ...argv], { env: spawnEnv });
      try {
        const { tools } = await server.client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual([...prepared.selection.enabled].sort());
        const child = server.transport.process!;
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.stdin.end();
        const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 10_000))]);
        expect(code).toBe(0);
        expect(server.stdoutViolations()).toEqual([]);
      } finally {
        await server.close();
      }
    });

    it('--disable-tools takes a tool off tools/list of the running bin', async () => {
      const { prepared } = loadManifestConfig(manifest, { argv, env });
      const victim = prepared.selection.tools[0];
      if (!victim) return;
      const server = await spawnStdioServer(process.execPath, [options.bin, ...argv, '--disable-tools', victim.name], {
        env: spawnEnv
      });
      try {
        const { tools } = await server.client.listTools();
        expect(tools.map((tool) => tool.name)).not.toContain(victim.name);
        expect(tools.length).toBe(prepared.selection.tools.length - 1);
      } finally {
        await server.close();
      }
    });

    it('refuses an unknown flag or tool name at start-up with exit 2 and a suggestion', async () => {
      const { prepared } = loadManifestConfig(manifest, { argv, env });
      const known = prepared.selection.tools[0]?.name ?? 'x_y';
      const typo = await runBin(options.bin, [...argv, '--disable-tools', `${known}s`], spawnEnv);
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain(`Did you mean "${known}"`);
      const flag = await runBin(options.bin, [...argv, '--read-onyl'], spawnEnv);
      expect(flag.code).toBe(2);
      expect(flag.stderr).toContain('--read-only');
    });
  });
}

function runBin(bin: string, args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
