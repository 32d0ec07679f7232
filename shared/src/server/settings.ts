import * as z from 'zod';
import type { CommonConfig } from '../runtime/common-settings.js';
import type { SettingSpec, SettingsSpec } from '../runtime/config.js';

/** What an operator needs to know about one setting; flag and env names are derived unless given. */
export interface SettingMeta {
  /** One or two sentences for --help and the README; say the default and the unit. */
  description: string;
  /** A realistic value, shown in --help, errors and docs. */
  example?: string;
  /** Long flag without dashes; default: the key in kebab-case (`maxRows` -> `max-rows`). */
  flag?: string;
  /**
   * Environment names, first match wins; replaces the derived `<SERVER>_<FLAG>` name.
   * `{SERVER}` stands for the server's prefix (e.g. `{SERVER}_READ_ONLY` -> `GITHUB_READ_ONLY`).
   */
  env?: string | readonly string[];
  /** Extra environment names read after the derived one (ecosystem names such as DATABASE_URL). */
  aliases?: readonly string[];
  /** Passwords, tokens, connection strings: environment only (argv shows in `ps`), never echoed. */
  secret?: boolean;
  /** Overrides the type read from the schema (for transforms the reader cannot see through). */
  type?: SettingSpec['type'];
}

const settingRegistry = z.registry<SettingMeta>();

/**
 * Declares one setting: the zod field (type, bounds, default) and its operator-facing metadata in
 * one place, so a flag can never be spelled differently from the key it fills.
 */
export function setting<T extends z.ZodType>(schema: T, meta: SettingMeta): T {
  // A fresh instance per setting: two settings built from one shared schema must not share metadata.
  const own = schema.clone() as T;
  settingRegistry.add(own, meta);
  return own;
}

export interface SettingsDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** Env prefix source: "support-tickets" -> SUPPORT_TICKETS_. */
  readonly server: string;
  readonly schema: z.ZodObject<Shape>;
  readonly specs: SettingsSpec;
}

/** The config a server's handlers see: its own settings plus the common ones every server has. */
export type ConfigOf<S extends SettingsDefinition<any>> = z.output<S['schema']> & CommonConfig;

export function envPrefix(server: string): string {
  return server.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Reads the settings of one server; every field must have been declared with `setting()`. */
export function defineSettings<Shape extends z.ZodRawShape>(server: string, shape: Shape): SettingsDefinition<Shape> {
  return { server, schema: z.object(shape), specs: specsOf(server, shape) };
}

export function specsOf(server: string, shape: z.ZodRawShape): SettingsSpec {
  const prefix = envPrefix(server);
  const specs: SettingsSpec = {};
  for (const [key, field] of Object.entries(shape)) {
    const meta = settingRegistry.get(field as z.ZodType);
    if (!meta) throw new Error(`setting "${key}" of ${server} was not declared with setting(schema, { description })`);
    const flag = meta.flag ?? kebab(key);
    const derived = `${prefix}_${flag.toUpperCase().replace(/-/g, '_')}`;
    const given = meta.env === undefined ? [derived] : typeof meta.env === 'string' ? [meta.env] : [...meta.env];
    const env = [...given, ...(meta.aliases ?? [])].map((name) => name.replace('{SERVER}', prefix));
    specs[key] = {
      flag,
      env: [...new Set(env)],
      type: meta.type ?? readType(field as z.ZodType, key, server),
      description: meta.description,
      ...(meta.example === undefined ? {} : { example: meta.example }),
      ...(meta.secret ? { envOnly: true } : {})
    };
  }
  return specs;
}

function readType(schema: z.ZodType, key: string, server: string): SettingSpec['type'] {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'boolean':
        return 'boolean';
      case 'number':
      case 'int':
        return 'number';
      case 'string':
      case 'enum':
      case 'literal':
      case 'template_literal':
        return 'string';
      case 'array':
        return 'list';
      case 'default':
      case 'prefault':
      case 'optional':
      case 'nullable':
      case 'catch':
      case 'readonly':
        current = def.innerType as z.ZodType;
        break;
      case 'pipe':
        current = def.in as z.ZodType;
        break;
      case 'union':
        current = (def.options as z.ZodType[])[0]!;
        break;
      default:
        throw new Error(`setting "${key}" of ${server}: cannot tell its type (${def.type}); pass meta.type`);
    }
  }
  throw new Error(`setting "${key}" of ${server}: schema nests too deeply to read its type`);
}

/** The default of a setting as a string for docs, or undefined when it has none. */
export function defaultOf(schema: z.ZodType): unknown {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'default' || def.type === 'prefault') {
      const value = def.defaultValue;
      return typeof value === 'function' ? (value as () => unknown)() : value;
    }
    if (def.type === 'pipe') current = def.in as z.ZodType;
    else if ('innerType' in def) current = def.innerType as z.ZodType;
    else return undefined;
  }
  return undefined;
}
