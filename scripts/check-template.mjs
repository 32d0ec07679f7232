#!/usr/bin/env node
// servers/example is the scaffolder's output, built and tested on every run. This check
// regenerates it from the template and fails when the two drift apart, so the template that
// users fork is always the one CI proved.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'servers/example');
const { description } = JSON.parse(readFileSync(path.join(example, 'package.json'), 'utf8'));
const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'template-')), 'example');
try {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/new-server.mjs'), 'example', description, '--into', out],
    { encoding: 'utf8' }
  );
  if (result.status !== 0) throw new Error(result.stderr);
  const differences = [];
  for (const file of files(out)) {
    const expected = readFileSync(path.join(out, file), 'utf8');
    let actual;
    try {
      // The one intended difference: the example is never published.
      actual = readFileSync(path.join(example, file), 'utf8').replace('\n  "private": true,\n', '\n');
      // The README's reference section is generated from the manifest (scripts/docs.mjs checks it).
      if (file === 'README.md') actual = actual.replace(/(<!-- manifest:start[^\n]*-->)[\s\S]*?(<!-- manifest:end -->)/, '$1\n$2');
    } catch {
      differences.push(`${file}: missing from servers/example`);
      continue;
    }
    if (actual !== expected) differences.push(`${file}: differs from the template`);
  }
  if (differences.length) {
    console.error(
      `servers/example has drifted from scripts/templates/server:\n  ${differences.join('\n  ')}\nEdit the template, then regenerate: rm -r servers/example && node scripts/new-server.mjs example "${description}"`
    );
    process.exit(1);
  }
  console.log('template check: servers/example matches scripts/templates/server');
} finally {
  rmSync(path.dirname(out), { recursive: true, force: true });
}

function files(dir, prefix = '') {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? files(full, path.join(prefix, entry)) : [path.join(prefix, entry)];
  });
}
