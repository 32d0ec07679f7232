#!/usr/bin/env node
// Packs @mcp-catalog/shared and a server the way they would be published (pnpm pack rewrites
// workspace: ranges), installs the tarballs into an empty folder with npm, starts the bin with
// npx and asks it for tools/list over stdio. Catches missing `files`, a wrong `bin`, or a
// dependency that only resolved because of the workspace.
// Usage: node scripts/pack-smoke.mjs [server-name ...]   (default: every server)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const names = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(path.join(root, 'servers')).filter((n) => existsSync(path.join(root, 'servers', n, 'package.json')));
const pnpm = path.join(root, 'node_modules/.bin/pnpm');

const work = mkdtempSync(path.join(os.tmpdir(), 'mcp-pack-'));
let failures = 0;
try {
  // One install for every tarball: native dependencies (better-sqlite3) build once, not per server.
  const tarballs = [pack(path.join(root, 'shared')), ...names.map((name) => pack(path.join(root, 'servers', name)))];
  const project = path.join(work, 'project');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), '{"private":true}');
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, ...(existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {}) }
  });
  if (install.status !== 0) throw new Error(`npm install of the tarballs failed:\n${install.stderr}`);
  for (const name of names) {
    try {
      await smoke(name, project);
      console.log(`pass  ${name}`);
    } catch (error) {
      failures++;
      console.error(`FAIL  ${name}: ${error.message}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${names.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);

function pack(dir) {
  const result = spawnSync(pnpm, ['pack', '--pack-destination', work], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pnpm pack failed in ${dir}:\n${result.stderr}`);
  const tgz = result.stdout
    .trim()
    .split('\n')
    .filter((l) => l.endsWith('.tgz'))
    .at(-1);
  return path.isAbsolute(tgz) ? tgz : path.join(work, path.basename(tgz));
}

async function smoke(name, project) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'servers', name, 'package.json'), 'utf8'));
  const bin = Object.keys(pkg.bin)[0];
  const args = (pkg.mcpCatalog?.conformanceArgs ?? []).map((a) => a.replace('{tmp}', os.tmpdir()));
  const tools = await listTools('npx', ['--no-install', bin, ...args], project);
  if (!tools.length) throw new Error('tools/list returned no tools');
}

function listTools(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => finish(new Error(`no tools/list answer within 60 s\nstderr:\n${stderr}`)), 60_000);
    const finish = (error, value) => {
      clearTimeout(timer);
      child.kill();
      error ? reject(error) : resolve(value);
    };
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      for (const line of stdout.split('\n').slice(0, -1)) {
        let message;
        try {
          message = JSON.parse(line);
        } catch {
          return finish(new Error(`non-JSON on stdout: ${line.slice(0, 200)}`));
        }
        if (message.id === 2) return finish(null, message.result?.tools ?? []);
      }
    });
    child.once('exit', (code) => finish(new Error(`exited with ${code}\nstderr:\n${stderr}`)));
    const send = (m) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'pack-smoke', version: '0' } }
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  });
}
