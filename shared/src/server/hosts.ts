import type { SettingSpec } from '../runtime/config.js';
import type { AnyServerManifest } from './define.js';
import { defaultOf } from './settings.js';

/** The package.json fields the registry entry and host snippets are built from. */
export interface PackageInfo {
  name: string;
  version: string;
  mcpName?: string;
  private?: boolean;
  bin?: string | Record<string, string>;
  mcpCatalog?: { registryDescription?: string; installArgs?: string };
}

export const SERVER_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/** The container image every server is published as (see the images build). */
export function imageOf(manifest: AnyServerManifest, pkg: PackageInfo): string {
  return `ghcr.io/mcp-catalog/server-${manifest.name}:${pkg.version}`;
}

const firstEnv = (spec: SettingSpec) => [spec.env ?? []].flat()[0];

function ownSettings(manifest: AnyServerManifest) {
  return Object.entries(manifest.settings.specs).flatMap(([key, spec]) => {
    const env = firstEnv(spec);
    return env ? [{ key, spec, env }] : [];
  });
}

/** Environment names of the secrets a host must supply (never values). */
export function secretEnvNames(manifest: AnyServerManifest): string[] {
  return ownSettings(manifest)
    .filter(({ spec }) => spec.envOnly)
    .map(({ env }) => env);
}

/** The MCP registry entry (server.json, schema 2025-12-11) for a published package. */
export function registryServerJson(manifest: AnyServerManifest, pkg: PackageInfo): Record<string, unknown> {
  const description = pkg.mcpCatalog?.registryDescription;
  if (!pkg.mcpName) throw new Error(`${pkg.name}: package.json has no mcpName`);
  if (!description || description.length > 100)
    throw new Error(`${pkg.name}: mcpCatalog.registryDescription must be 1–100 characters`);
  const environmentVariables = ownSettings(manifest).map(({ key, spec, env }) => {
    const value = defaultOf(manifest.settings.schema.shape[key]!);
    const scalar = ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : undefined;
    return {
      name: env,
      description: spec.description,
      format: spec.type === 'boolean' ? 'boolean' : spec.type === 'number' ? 'number' : 'string',
      ...(spec.envOnly ? { isSecret: true } : {}),
      ...(scalar === undefined || spec.envOnly ? {} : { default: scalar })
    };
  });
  const positional = manifest.positional;
  const packageArguments = positional
    ? [
        {
          type: 'positional',
          valueHint: positional.name,
          description: positional.description,
          ...(manifest.settings.specs[positional.key]?.type === 'list' ? { isRepeated: true } : {})
        }
      ]
    : [];
  const transport = { type: 'stdio' };
  const extras = {
    ...(packageArguments.length ? { packageArguments } : {}),
    ...(environmentVariables.length ? { environmentVariables } : {})
  };
  return {
    $schema: SERVER_SCHEMA,
    name: pkg.mcpName,
    description,
    version: pkg.version,
    packages: [
      { registryType: 'npm', identifier: pkg.name, version: pkg.version, transport, ...extras },
      { registryType: 'oci', identifier: imageOf(manifest, pkg), transport, ...extras }
    ]
  };
}

interface Launch {
  command: string;
  args: string[];
}

function installArgs(pkg: PackageInfo): string[] {
  return (pkg.mcpCatalog?.installArgs ?? '').split(/\s+/).filter(Boolean);
}

/** npx, Windows `cmd /c npx`, and docker launches; path arguments are bind-mounted into the container. */
export function launches(manifest: AnyServerManifest, pkg: PackageInfo): Record<'npx' | 'windows' | 'docker', Launch> {
  const args = installArgs(pkg);
  const npx = ['-y', pkg.name, ...args];
  const mounts: string[] = [];
  const inner = args.map((arg) => {
    if (!/^[~/]/.test(arg)) return arg;
    const base = arg.split('/').filter(Boolean).pop() ?? 'data';
    mounts.push('-v', `/absolute/path/to/${base}:/${base}`);
    return `/${base}`;
  });
  const envFlags = secretEnvNames(manifest).flatMap((name) => ['-e', name]);
  return {
    npx: { command: 'npx', args: npx },
    windows: { command: 'cmd', args: ['/c', 'npx', ...npx] },
    docker: { command: 'docker', args: ['run', '-i', '--rm', ...envFlags, ...mounts, imageOf(manifest, pkg), ...inner] }
  };
}

const inputId = (env: string) => env.toLowerCase().replace(/_/g, '-');
const block = (lang: string, body: string) => ['```' + lang, body, '```', ''];
const json = (value: unknown) => JSON.stringify(value, null, 2);
const withEnv = (launch: Launch, env: Record<string, string>) =>
  Object.keys(env).length ? { ...launch, env } : { ...launch };

/**
 * README section with configuration for each host, all from the manifest and package.json.
 * Secrets appear only as placeholders, host env references or prompted inputs.
 */
export function renderHostConfigs(manifest: AnyServerManifest, pkg: PackageInfo): string {
  const name = manifest.name;
  const secrets = secretEnvNames(manifest);
  const env = (value: (name: string) => string) => Object.fromEntries(secrets.map((s) => [s, value(s)]));
  const { npx, windows, docker } = launches(manifest, pkg);
  const placeholder = env((s) => `<${s}>`);
  const out: string[] = ['### Host configuration', ''];
  if (secrets.length)
    out.push(
      `Replace ${secrets.map((s) => `\`<${s}>\``).join(', ')} with your own value; hosts that can read the environment or prompt for it do so below.`,
      ''
    );
  out.push('**Claude Desktop** (`claude_desktop_config.json`):', '');
  out.push(...block('json', json({ mcpServers: { [name]: withEnv(npx, placeholder) } })));
  out.push('On Windows:', '', ...block('json', json({ mcpServers: { [name]: withEnv(windows, placeholder) } })));
  out.push(
    `With Docker (\`${imageOf(manifest, pkg)}\`):`,
    '',
    ...block('json', json({ mcpServers: { [name]: withEnv(docker, placeholder) } }))
  );
  // Cursor and Windsurf read the same file shape and the same `${env:X}` references.
  const envReferenced = block(
    'json',
    json({
      mcpServers: {
        [name]: withEnv(
          npx,
          env((s) => `\${env:${s}}`)
        )
      }
    })
  );
  out.push('**Cursor** (`.cursor/mcp.json`):', '');
  out.push(...envReferenced);
  out.push('**VS Code** (`.vscode/mcp.json`):', '');
  const inputs = secrets.map((s) => ({
    type: 'promptString',
    id: inputId(s),
    description: manifest.settings.specs[ownSettings(manifest).find((o) => o.env === s)!.key]!.description,
    password: true
  }));
  out.push(
    ...block(
      'json',
      json({
        ...(inputs.length ? { inputs } : {}),
        servers: {
          [name]: {
            type: 'stdio',
            ...withEnv(
              npx,
              env((s) => `\${input:${inputId(s)}}`)
            )
          }
        }
      })
    )
  );
  const code = {
    type: 'stdio',
    ...withEnv(
      npx,
      env((s) => `\${${s}}`)
    )
  };
  const codeJson = JSON.stringify(code);
  if (codeJson.includes("'")) throw new Error(`${name}: claude mcp add-json line would need shell escaping`);
  out.push('**Claude Code** (reads the variables from your environment):', '');
  out.push(...block('shell', `claude mcp add-json ${name} '${codeJson}'`));
  out.push('Or for everyone on a project, in `.mcp.json`:', '');
  out.push(...block('json', json({ mcpServers: { [name]: code } })));
  out.push('**Windsurf** (`~/.codeium/windsurf/mcp_config.json`):', '');
  out.push(...envReferenced);
  out.push('**Codex** (`~/.codex/config.toml`; `env_vars` forwards the variables from your environment):', '');
  const toml = [
    `[mcp_servers.${name}]`,
    `command = ${JSON.stringify(npx.command)}`,
    `args = ${JSON.stringify(npx.args).replace(/","/g, '", "')}`,
    ...(secrets.length ? [`env_vars = ${JSON.stringify(secrets).replace(/","/g, '", "')}`] : [])
  ];
  out.push(...block('toml', toml.join('\n')));
  return out.join('\n');
}
