#!/usr/bin/env node
// Regenerates the server table in the root README from each server's package.json, so the
// catalog cannot list a server that does not exist or miss one that does.
// Usage: node scripts/catalog.mjs [--check]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');
const rows = readdirSync(path.join(root, 'servers'))
  .sort()
  .map((dir) => path.join(root, 'servers', dir, 'package.json'))
  .filter((file) => existsSync(file))
  .map((file) => ({ dir: path.basename(path.dirname(file)), pkg: JSON.parse(readFileSync(file, 'utf8')) }))
  .filter(({ pkg }) => !pkg.private)
  .map(({ dir, pkg }) => {
    const args = pkg.mcpCatalog?.installArgs ? ` ${pkg.mcpCatalog.installArgs}` : '';
    return `| [${dir}](servers/${dir}) | ${pkg.description} | \`npx -y ${pkg.name}${args}\` |`;
  });
const table = ['| Server | What it does | Install |', '| --- | --- | --- |', ...rows].join('\n');
const readme = readFileSync(readmePath, 'utf8');
const updated = readme.replace(/(<!-- catalog:start -->\n)[\s\S]*?(\n<!-- catalog:end -->)/, `$1${table}$2`);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md server table is out of date: run node scripts/catalog.mjs');
    process.exit(1);
  }
  console.log('catalog check: README table matches servers/*/package.json');
} else {
  writeFileSync(readmePath, updated);
  console.log(`catalog: ${rows.length} servers`);
}
