#!/usr/bin/env node
// Creates servers/<name> from scripts/templates/server: a package that builds, lints and passes
// its tests immediately. Usage: pnpm new-server <name> ["One-line description"]
import { cp, readdir, readFile, writeFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
// --into DIR writes the package somewhere else (check-template.mjs uses it to diff against servers/example).
const intoAt = args.indexOf('--into');
const into = intoAt >= 0 ? path.resolve(args.splice(intoAt, 2)[1]) : undefined;
const [name, description = `MCP server for ${args[0]}.`] = args;

if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
  console.error(
    'usage: pnpm new-server <name> ["description"]\n  <name> is lower-case kebab-case, e.g. "weather" or "issue-tracker".'
  );
  process.exit(2);
}
const target = into ?? path.join(root, 'servers', name);
if (existsSync(target)) {
  console.error(`servers/${name} already exists; pick another name or remove it first.`);
  process.exit(2);
}

const replacements = {
  __NAME__: name,
  __ENV__: name.toUpperCase().replace(/-/g, '_'),
  __DESCRIPTION__: description.replace(/"/g, "'")
};

await cp(path.join(root, 'scripts/templates/server'), target, { recursive: true });
for (const file of await walk(target)) {
  const text = await readFile(file, 'utf8');
  const replaced = Object.entries(replacements).reduce((t, [from, to]) => t.split(from).join(to), text);
  if (replaced !== text) await writeFile(file, replaced);
}

if (into) process.exit(0);
console.log(`Created servers/${name} (@mcp-catalog/server-${name}, bin mcp-server-${name}).

Next:
  pnpm install                                   # link the new package
  pnpm --filter @mcp-catalog/server-${name} test # build and run its tests
  edit servers/${name}/src/tools/ and src/server.ts; document every tool and setting in its README`);

async function walk(dir) {
  const out = [];
  for (const entry of await readdir(dir)) {
    const full = path.join(dir, entry);
    if ((await stat(full)).isDirectory()) out.push(...(await walk(full)));
    else out.push(full);
  }
  return out;
}
