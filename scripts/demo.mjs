#!/usr/bin/env node
// `npm run demo`: a scripted MCP client session against the built servers that need no account
// (filesystem, support-tickets, sitemonitor), each spawned over stdio exactly as a host would.
// Everything runs in a temp folder and against a local HTTP server on 127.0.0.1, inside the
// network jail: this process and every server it spawns (NODE_OPTIONS=--import) can reach
// loopback only, and any other attempt is refused before a packet leaves and fails the demo.
import '@mcp-catalog/shared/testing/network-jail-register';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnStdioServer } from '@mcp-catalog/shared/testing';

const jail = import.meta.resolve('@mcp-catalog/shared/testing/network-jail-register');
const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import ${jail}`.trim();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'servers', name, 'dist/index.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'mcp-catalog-demo-'));
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

let failures = 0;
try {
  await filesystemDemo();
  await supportTicketsDemo();
  await sitemonitorDemo();
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\n${failures ? `${failures} call(s) did not behave as expected` : 'Demo finished: every call behaved as expected.'}`
);
// The jail sets a non-zero exit code when it refused anything in this process.
process.exit(failures || process.exitCode ? 1 : 0);

async function session(title, name, args, run) {
  console.log(`\n${bold(`━━ ${title}`)} ${dim(`(mcp-server-${name} ${args.join(' ')})`)}`);
  const server = await spawnStdioServer(process.execPath, [bin(name), ...args], {
    env: { LOG_LEVEL: 'warning', NODE_OPTIONS: nodeOptions }
  });
  try {
    const { tools } = await server.client.listTools();
    console.log(dim(`tools: ${tools.map((t) => t.name).join(', ')}`));
    await run(async (tool, toolArgs, expectError = false) => {
      console.log(`\n${bold('→')} ${tool} ${dim(JSON.stringify(toolArgs))}`);
      const result = await server.client.callTool({ name: tool, arguments: toolArgs });
      const text = result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
      const lines = text.split('\n');
      console.log(
        lines
          .slice(0, 14)
          .map((l) => `  ${l.length > 140 ? `${l.slice(0, 140)}…` : l}`)
          .join('\n') + (lines.length > 14 ? dim(`\n  … ${lines.length - 14} more lines`) : '')
      );
      if (Boolean(result.isError) !== expectError) {
        failures++;
        console.log(`  ✗ expected ${expectError ? 'a refusal' : 'success'}`);
      } else if (expectError) console.log(dim('  ✓ refused, as it should be'));
      return result;
    });
  } finally {
    await server.close();
  }
  if (server.stdoutViolations().length) {
    failures++;
    console.log(`✗ stdout carried non-protocol output: ${server.stdoutViolations()[0]}`);
  }
}

async function filesystemDemo() {
  const project = path.join(work, 'project');
  mkdirSync(path.join(project, 'src'), { recursive: true });
  mkdirSync(path.join(project, 'docs'), { recursive: true });
  writeFileSync(path.join(project, 'README.md'), '# Demo project\n\nA tiny tree for the filesystem server demo.\n');
  writeFileSync(
    path.join(project, 'src/app.ts'),
    'export function main() {\n  // TODO: handle errors\n  return 42;\n}\n'
  );
  writeFileSync(
    path.join(project, 'src/util.ts'),
    'export const add = (a: number, b: number) => a + b; // TODO: overflow\n'
  );
  writeFileSync(path.join(project, 'docs/notes.md'), 'Release notes\n- first release\n');
  writeFileSync(path.join(work, 'secret.txt'), 'outside the allowed directory\n');

  await session(
    'Filesystem: read and search inside one allowed directory, read-only',
    'filesystem',
    [project, '--read-only'],
    async (call) => {
      await call('list_allowed_directories', {});
      await call('directory_tree', { path: project, maxDepth: 3 });
      await call('search_file_contents', { path: project, pattern: 'TODO' });
      await call('read_text_file', { path: path.join(project, 'src/app.ts'), head: 3 });
      await call('read_text_file', { path: path.join(project, '../secret.txt') }, true);
    }
  );
}

async function supportTicketsDemo() {
  const db = path.join(work, 'tickets.db');
  await session(
    'Support tickets: triage the seeded demo helpdesk',
    'support-tickets',
    ['--database', db, '--seed-demo'],
    async (call) => {
      const found = await call('search_tickets', { query: 'refund', limit: 3 });
      const first = found.structuredContent?.tickets?.[0]?.id ?? 1;
      await call('get_ticket', { ticketId: first, commentsLimit: 3 });
      await call('add_internal_comment', {
        ticketId: first,
        body: 'Checked the payment log: duplicate charge confirmed, refund approved.'
      });
      await call('get_audit_log', { limit: 3 });
      await call('search_tickets', { query: 'x' }, true);
    }
  );
}

async function sitemonitorDemo() {
  const site = createServer((req, res) => {
    if (req.url === '/slow') return setTimeout(() => res.end('finally'), 300);
    res
      .writeHead(req.url === '/' ? 200 : 503, { 'content-type': 'text/plain' })
      .end(req.url === '/' ? 'all good' : 'maintenance');
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${site.address().port}`;
  try {
    const args = ['--database', path.join(work, 'monitor.db'), '--allow-private-targets'];
    await session('Site monitor: checks and a monitor against a local site', 'sitemonitor', args, async (call) => {
      await call('check_site_status', { url: `${base}/`, expectedText: 'good' });
      await call('check_site_status', { url: `${base}/down` });
      const added = await call('add_monitor', { url: `${base}/`, name: 'local demo site', intervalSeconds: 60 });
      const id = added.structuredContent?.monitor?.id ?? added.structuredContent?.id;
      await call('run_monitor_now', { monitorId: id });
      await call('get_uptime_report', { monitorId: id, sinceHours: 1 });
      await call('check_site_status', { url: 'http://169.254.169.254/latest/meta-data/' }, true);
    });
  } finally {
    site.close();
  }
}
