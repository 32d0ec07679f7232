#!/usr/bin/env node
// Cold start, on demand only (not part of CI tests): spawn -> initialize -> tools/list answered, over stdio.
// Measures every built server (servers/*/dist/index.js), the reference @modelcontextprotocol/server-filesystem
// (a devDependency of servers/filesystem) and a bare-node floor that answers the same messages. Runs are
// interleaved (one of each per round) so load from other processes on the machine hits all of them alike;
// the ratios are the fair numbers, the absolute medians are not.
// Usage: node bench/coldstart/run.mjs [--runs N] [server-name ...]     (build first: turbo run build)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const runsAt = argv.indexOf('--runs');
const runs = runsAt >= 0 ? Number(argv.splice(runsAt, 2)[1]) : 15;
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) throw new Error('--runs takes an integer 1..1000');
const names = argv.length
  ? argv
  : readdirSync(path.join(root, 'servers')).filter((n) => existsSync(path.join(root, 'servers', n, 'package.json')));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mcp-coldstart-'));
const FLOOR = `let b='';process.stdin.on('data',c=>{b+=c;let i;while((i=b.indexOf('\\n'))>=0){const l=b.slice(0,i);b=b.slice(i+1);if(!l.trim())continue;const m=JSON.parse(l);if(m.id===undefined)continue;const result=m.method==='initialize'?{protocolVersion:m.params.protocolVersion,capabilities:{tools:{}},serverInfo:{name:'floor',version:'0'}}:{tools:[]};process.stdout.write(JSON.stringify({jsonrpc:'2.0',id:m.id,result})+'\\n');}});`;

const subjects = [{ name: 'bare node (floor)', command: process.execPath, args: ['-e', FLOOR] }];
const fsRequire = createRequire(path.join(root, 'servers/filesystem/package.json'));
const refPkgPath = fsRequire.resolve('@modelcontextprotocol/server-filesystem/package.json');
const refPkg = JSON.parse(readFileSync(refPkgPath, 'utf8'));
const refBin = typeof refPkg.bin === 'string' ? refPkg.bin : Object.values(refPkg.bin)[0];
subjects.push({
  name: `reference server-filesystem ${refPkg.version}`,
  command: process.execPath,
  args: [path.join(path.dirname(refPkgPath), refBin), tmp],
  reference: true
});
for (const name of names) {
  const dir = path.join(root, 'servers', name);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const entry = path.join(dir, Object.values(pkg.bin)[0]);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (turbo run build)`);
  const args = (pkg.mcpCatalog?.conformanceArgs ?? []).map((a) => a.replace('{tmp}', tmp));
  subjects.push({ name, command: process.execPath, args: [entry, ...args] });
}

const times = new Map(subjects.map((s) => [s, []]));
try {
  for (const s of subjects) await once(s); // warm the OS file cache once; not counted
  for (let round = 0; round < runs; round++) {
    for (const s of subjects) times.get(s).push(await once(s));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const floor = median(times.get(subjects[0]));
const ref = median(times.get(subjects[1]));
console.log(`cold start, spawn -> tools/list answered (stdio), ${runs} interleaved runs, Node ${process.version}\n`);
console.log(
  `${'subject'.padEnd(36)} ${'median ms'.padStart(10)} ${'min ms'.padStart(8)} ${'x reference'.padStart(12)} ${'x floor'.padStart(8)}`
);
for (const s of subjects) {
  const xs = times.get(s);
  const m = median(xs);
  console.log(
    `${s.name.padEnd(36)} ${m.toFixed(0).padStart(10)} ${Math.min(...xs)
      .toFixed(0)
      .padStart(8)} ${(m / ref).toFixed(2).padStart(12)} ${(m / floor).toFixed(2).padStart(8)}`
  );
}

function once({ command, args }) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => done(new Error(`no tools/list answer within 30 s: ${stderr}`)), 30_000);
    const done = (error, value) => {
      clearTimeout(timer);
      child.kill();
      if (error) reject(error);
      else resolve(value);
    };
    const send = (m) => child.stdin.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
    child.on('error', done);
    child.on('exit', (code) => done(new Error(`exited ${code} before answering: ${stderr}`)));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (!line.trim()) continue;
        const message = JSON.parse(line);
        if (message.id === 1) {
          send({ method: 'notifications/initialized' });
          send({ id: 2, method: 'tools/list', params: {} });
        } else if (message.id === 2) {
          if (!Array.isArray(message.result?.tools)) return done(new Error(`bad tools/list answer: ${line}`));
          done(null, Number(process.hrtime.bigint() - start) / 1e6);
        }
      }
    });
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'coldstart', version: '0' } }
    });
  });
}
