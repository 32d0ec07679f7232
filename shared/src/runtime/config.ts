import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as z from 'zod';
import { didYouMean } from '../server/naming.js';

/** How one setting is read from the command line and the environment. */
export interface SettingSpec {
  /** Long flag name without dashes, e.g. "read-only". */
  flag: string;
  /** Environment variable names, first match wins (e.g. ["POSTGRES_URL", "DATABASE_URL"]). */
  env?: string | readonly string[];
  type: 'string' | 'boolean' | 'number' | 'list';
  description: string;
  /** Shown in --help and in error messages. */
  example?: string;
  /**
   * Secrets (passwords, tokens, connection strings) are read from the environment only: a value
   * in argv is visible to every user through `ps`.
   */
  envOnly?: boolean;
}

export type SettingsSpec = Record<string, SettingSpec>;

export interface PositionalSpec {
  key: string;
  name: string;
  description: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

export interface ParsedCommandLine {
  values: Record<string, unknown>;
  help: boolean;
  version: boolean;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/**
 * Reads `settings` from argv (which wins) and the environment, then validates them with `schema`.
 * Every problem names the flag and variable and shows an example, so the operator can fix a host
 * config without reading source.
 */
export function parseSettings<Schema extends z.ZodObject>(
  settings: SettingsSpec,
  schema: Schema,
  argv: readonly string[],
  env: Record<string, string | undefined>,
  positional?: PositionalSpec
): ParsedCommandLine & { config: z.output<Schema> } {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' }
  };
  for (const spec of Object.values(settings)) {
    if (spec.envOnly) continue;
    options[spec.flag] = { type: spec.type === 'boolean' ? 'boolean' : 'string', multiple: spec.type === 'list' };
    if (spec.type === 'boolean') options[`no-${spec.flag}`] = { type: 'boolean' };
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: Boolean(positional) });
  } catch (error) {
    const message = (error instanceof Error ? error.message.split('\n')[0]! : String(error)).replace(/\.$/, '');
    const envOnlyFlag = Object.values(settings).find((s) => s.envOnly && argv.some((a) => a.startsWith(`--${s.flag}`)));
    if (envOnlyFlag) {
      throw new ConfigError([
        `--${envOnlyFlag.flag} is not accepted on the command line because it is a secret visible in \`ps\`; set ${envNames(envOnlyFlag)[0]} in the environment instead.`
      ]);
    }
    const unknownFlag = /^Unknown option '--([^']{1,100})'/.exec(message)?.[1];
    const hint = unknownFlag ? didYouMean(unknownFlag, Object.keys(options)).replace(/"([^"]+)"/, '--$1') : '';
    throw new ConfigError([`${message}.${hint} Run with --help to see the accepted options.`]);
  }
  const flagValues = parsed.values as Record<string, unknown>;
  if (flagValues.help || flagValues.version) {
    return {
      values: {},
      help: Boolean(flagValues.help),
      version: Boolean(flagValues.version),
      config: {} as z.output<Schema>
    };
  }

  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(settings)) {
    const fromFlag = spec.envOnly ? undefined : flagValues[spec.flag];
    const negated = spec.type === 'boolean' && flagValues[`no-${spec.flag}`] === true;
    if (negated) raw[key] = false;
    else if (fromFlag !== undefined)
      raw[key] =
        spec.type === 'number'
          ? toNumber(fromFlag as string)
          : spec.type === 'list'
            ? splitList(fromFlag as string[])
            : fromFlag;
    else {
      // An empty variable counts as unset: hosts often template `FOO=` for "not configured".
      const name = envNames(spec).find((n) => env[n] !== undefined && env[n] !== '');
      if (name === undefined) continue;
      const text = env[name]!;
      if (spec.type === 'boolean') {
        const lowered = text.trim().toLowerCase();
        if (TRUE.has(lowered)) raw[key] = true;
        else if (FALSE.has(lowered)) raw[key] = false;
        else problems.push(`${name}: "${text}" is not a boolean; use true or false.`);
      } else if (spec.type === 'number') raw[key] = toNumber(text);
      else if (spec.type === 'list') raw[key] = splitList([text]);
      else raw[key] = text;
    }
  }
  if (positional && parsed.positionals.length > 0) raw[positional.key] = [...parsed.positionals];

  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const spec = settings[key];
      const where = spec ? describeSetting(spec) : positional?.key === key ? positional.name : key || 'configuration';
      const example = spec?.example
        ? ` Example: ${spec.envOnly ? `${envNames(spec)[0]}=${spec.example}` : `--${spec.flag} ${spec.example}`}`
        : '';
      const message =
        issue.code === 'invalid_type' && /received undefined$/.test(issue.message) ? 'is required' : issue.message;
      problems.push(`${where}: ${message}.${example}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { values: raw, help: false, version: false, config: result.data as z.output<Schema> };
}

/** Number('') and Number('  ') are 0; a blank value (e.g. `--port "$PORT"` with PORT unset) is not a number. */
function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

function splitList(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function envNames(spec: SettingSpec): readonly string[] {
  return spec.env === undefined ? [] : typeof spec.env === 'string' ? [spec.env] : spec.env;
}

export function describeSetting(spec: SettingSpec): string {
  const names = envNames(spec);
  if (spec.envOnly) return names.join(' / ');
  return [`--${spec.flag}`, ...names].join(' / ');
}

/** The --help text: one block per setting, with flag, variables, description and example. */
export function renderHelp(input: {
  bin: string;
  description: string;
  settings: SettingsSpec;
  positional?: PositionalSpec;
  examples?: readonly string[];
}): string {
  const lines = [
    `${input.bin} — ${input.description}`,
    '',
    `Usage: ${input.bin} [options]${input.positional ? ` [${input.positional.name}...]` : ''}`,
    ''
  ];
  if (input.positional) lines.push(`  ${input.positional.name}...`, `      ${input.positional.description}`, '');
  lines.push('Options (flags win over environment variables):');
  for (const spec of Object.values(input.settings)) {
    const vars = envNames(spec);
    const head = spec.envOnly
      ? vars.join(', ')
      : `--${spec.flag}${spec.type === 'boolean' ? '' : ` <${spec.type === 'list' ? 'a,b' : spec.type}>`}${vars.length ? `  (env ${vars.join(', ')})` : ''}`;
    lines.push(`  ${head}`, `      ${spec.description}${spec.example ? ` e.g. ${spec.example}` : ''}`);
  }
  lines.push('  --help, -h', '      Show this help.', '  --version, -v', '      Print the version.');
  if (input.examples?.length) lines.push('', 'Examples:', ...input.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}
