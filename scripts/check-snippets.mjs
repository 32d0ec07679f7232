#!/usr/bin/env node
// Parses every host configuration snippet generated into the server READMEs (JSON, the
// `claude mcp add-json` line, Codex TOML) and checks that each one launches the package the
// server's package.json publishes (npx -y <name>, its only bin; or its ghcr.io image) and that
// secrets appear only as placeholders, host env references or prompted inputs, never as values.
// Needs the servers built (dist/manifest.js). Usage: node scripts/check-snippets.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { secretEnvNames, imageOf } = await import(pathToFileURL(path.join(root, 'shared/dist/index.js')).href);

/** Just enough TOML for the generated form: one [table], `key = <JSON-compatible string or string array>`. */
export function parseTinyToml(text) {
  const tables = {};
  let current;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[([A-Za-z0-9_.-]+)\]$/.exec(line);
    if (header) {
      current = tables[header[1]] = {};
      continue;
    }
    const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    if (!pair || !current) throw new Error(`not TOML this check understands: ${line}`);
    current[pair[1]] = JSON.parse(pair[2]);
  }
  return tables;
}

const SECRET_REF = /^(<[A-Z0-9_]+>|\$\{(env:|input:)?[A-Za-z0-9_-]+\})$/;

const problems = [];
let snippets = 0;
for (const dir of readdirSync(path.join(root, 'servers')).sort()) {
  const pkgPath = path.join(root, 'servers', dir, 'package.json');
  const built = path.join(root, 'servers', dir, 'dist', 'manifest.js');
  if (!existsSync(pkgPath) || !existsSync(path.join(root, 'servers', dir, 'src', 'manifest.ts'))) continue;
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  if (pkg.private) continue;
  if (!existsSync(built)) {
    console.error(`check-snippets: servers/${dir} is not built; run the build first`);
    process.exit(1);
  }
  const { manifest } = await import(pathToFileURL(built).href);
  const where = `servers/${dir}/README.md`;
  const bins = typeof pkg.bin === 'string' ? [pkg.name] : Object.keys(pkg.bin ?? {});
  // `npx -y <package>` runs the package's bin only when it declares exactly one.
  if (bins.length !== 1) problems.push(`${pkgPath}: npx needs exactly one bin, found ${bins.length}`);
  const secrets = secretEnvNames(manifest);
  const image = imageOf(manifest, pkg);

  const checkLaunch = (label, entry) => {
    if (!entry) return problems.push(`${where} ${label}: no entry named "${manifest.name}"`);
    const { command, args = [] } = entry;
    const npxAt = command === 'npx' ? 0 : command === 'cmd' && args[0] === '/c' && args[1] === 'npx' ? 2 : -1;
    if (npxAt >= 0) {
      if (args[npxAt] !== '-y' || args[npxAt + 1] !== pkg.name)
        problems.push(`${where} ${label}: runs ${JSON.stringify(args)}, not npx -y ${pkg.name}`);
    } else if (command === 'docker') {
      if (args[0] !== 'run' || !args.includes('-i') || !args.includes(image))
        problems.push(`${where} ${label}: docker args ${JSON.stringify(args)} do not run -i ${image}`);
      for (const name of secrets)
        if (!args.includes(name)) problems.push(`${where} ${label}: docker does not pass -e ${name}`);
    } else problems.push(`${where} ${label}: unknown command ${command}`);
    if (args.some((arg) => /^--seed|demo/.test(arg))) problems.push(`${where} ${label}: demo flag in a default config`);
    for (const [name, value] of Object.entries(entry.env ?? {}))
      if (secrets.includes(name) && !SECRET_REF.test(value))
        problems.push(`${where} ${label}: secret ${name} has a value, not a placeholder`);
    for (const name of secrets)
      if (command !== 'docker' && !(name in (entry.env ?? {})))
        problems.push(`${where} ${label}: does not pass the secret ${name}`);
  };

  const readme = readFileSync(path.join(root, 'servers', dir, 'README.md'), 'utf8');
  const section = /### Host configuration\n([\s\S]*?)(?=\n#{1,3} |<!-- manifest:end -->)/.exec(readme)?.[1];
  if (!section) {
    problems.push(`${where}: no generated "### Host configuration" section (run node scripts/docs.mjs)`);
    continue;
  }
  const kinds = new Set();
  for (const [, lang, body] of section.matchAll(/```(\w+)\n([\s\S]*?)\n```/g)) {
    snippets++;
    try {
      if (lang === 'json') {
        const config = JSON.parse(body);
        const entry = (config.mcpServers ?? config.servers)?.[manifest.name];
        kinds.add(config.servers ? 'vscode' : entry?.command);
        checkLaunch('json snippet', entry);
        if (config.servers) {
          if (entry?.type !== 'stdio') problems.push(`${where} VS Code: type is not stdio`);
          const ids = new Set((config.inputs ?? []).map((input) => input.id));
          for (const input of config.inputs ?? [])
            if (input.type !== 'promptString' || input.password !== true)
              problems.push(`${where} VS Code input ${input.id}: not a password promptString`);
          for (const value of Object.values(entry?.env ?? {})) {
            const id = /^\$\{input:(.+)\}$/.exec(value)?.[1];
            if (!id || !ids.has(id)) problems.push(`${where} VS Code: env ${value} is not a declared input`);
          }
        }
      } else if (lang === 'shell') {
        const line = /^claude mcp add-json (\S+) '([^']*)'$/.exec(body.trim());
        if (!line) throw new Error(`not a claude mcp add-json line: ${body}`);
        if (line[1] !== manifest.name) problems.push(`${where} Claude Code: named ${line[1]}`);
        kinds.add('claude-code');
        checkLaunch('claude mcp add-json', JSON.parse(line[2]));
      } else if (lang === 'toml') {
        const entry = parseTinyToml(body)[`mcp_servers.${manifest.name}`];
        kinds.add('codex');
        // env_vars forwards variables from the host's environment: no values in the file at all.
        if (entry?.env) problems.push(`${where} Codex: sets env values instead of forwarding env_vars`);
        const forwarded = Object.fromEntries((entry?.env_vars ?? []).map((name) => [name, `\${${name}}`]));
        checkLaunch('codex config.toml', entry && { ...entry, env: forwarded });
      } else problems.push(`${where}: unexpected ${lang} block in host configuration`);
    } catch (error) {
      problems.push(`${where} ${lang} snippet does not parse: ${error.message}`);
    }
  }
  for (const kind of ['npx', 'cmd', 'docker', 'vscode', 'claude-code', 'codex'])
    if (!kinds.has(kind)) problems.push(`${where}: no ${kind} snippet`);
}
if (problems.length) {
  console.error(`snippet check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`snippet check: ${snippets} host configuration snippets parse and launch their packages`);
