#!/usr/bin/env node
// Regenerates each server README's reference section (toolsets, tools with hints, resources,
// prompts, settings, host configuration snippets) and each published server's MCP registry
// entry (servers/<name>/server.json) from the manifest and package.json, so neither can drift.
// Needs the servers built (dist/manifest.js). Usage: node scripts/docs.mjs [--check]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const { withManifestDocs, renderCommonSettingsDocs, registryServerJson } = await import(
  pathToFileURL(path.join(root, 'shared/dist/index.js')).href
);

const stale = [];
let count = 0;
for (const dir of readdirSync(path.join(root, 'servers')).sort()) {
  const built = path.join(root, 'servers', dir, 'dist', 'manifest.js');
  const readmePath = path.join(root, 'servers', dir, 'README.md');
  if (!existsSync(path.join(root, 'servers', dir, 'src', 'manifest.ts'))) continue;
  if (!existsSync(built)) {
    console.error(`docs: servers/${dir} is not built (no dist/manifest.js); run the build first`);
    process.exit(1);
  }
  const { manifest } = await import(pathToFileURL(built).href);
  const pkg = JSON.parse(readFileSync(path.join(root, 'servers', dir, 'package.json'), 'utf8'));
  const readme = readFileSync(readmePath, 'utf8');
  const updated = withManifestDocs(readme, manifest, pkg);
  count++;
  if (updated !== readme) {
    if (check) stale.push(`servers/${dir}/README.md`);
    else writeFileSync(readmePath, updated);
  }
  const serverJsonPath = path.join(root, 'servers', dir, 'server.json');
  if (pkg.private) {
    if (existsSync(serverJsonPath)) stale.push(`servers/${dir}/server.json (private package: delete it)`);
    continue;
  }
  const serverJson = `${JSON.stringify(registryServerJson(manifest, pkg), null, 2)}\n`;
  if ((existsSync(serverJsonPath) ? readFileSync(serverJsonPath, 'utf8') : '') === serverJson) continue;
  if (check) stale.push(`servers/${dir}/server.json`);
  else writeFileSync(serverJsonPath, serverJson);
}
const rootReadmePath = path.join(root, 'README.md');
const rootReadme = readFileSync(rootReadmePath, 'utf8');
const rootUpdated = rootReadme.replace(
  /(<!-- common-settings:start[^\n]*-->)[\s\S]*?(<!-- common-settings:end -->)/,
  `$1\n${renderCommonSettingsDocs()}\n$2`
);
if (rootUpdated !== rootReadme) {
  if (check) stale.push('README.md (common settings)');
  else writeFileSync(rootReadmePath, rootUpdated);
}
if (stale.length) {
  console.error(
    `docs check: generated sections are out of date in ${stale.join(', ')}: run node scripts/docs.mjs and commit`
  );
  process.exit(1);
}
console.log(
  `docs${check ? ' check' : ''}: ${count} server README(s) ${check ? 'match their manifests' : 'regenerated'}`
);
