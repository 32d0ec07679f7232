#!/usr/bin/env node
// Prints one "N passed, N failed" line for the whole repository from each package's vitest JSON
// report, and fails when a package that has tests produced no report (a suite that silently
// ran nothing is a failure, not a pass).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['shared', ...readdirSync(path.join(root, 'servers')).map((n) => `servers/${n}`)].filter((p) =>
  existsSync(path.join(root, p, 'package.json'))
);
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const pkg of packages) {
  const report = path.join(root, pkg, '.test-results.json');
  if (!existsSync(report)) {
    missing.push(pkg);
    continue;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + (json.numTodoTests ?? 0);
  console.log(`  ${pkg}: ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
}
if (missing.length) console.error(`no test report from: ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed || missing.length || passed === 0 ? 1 : 0);
