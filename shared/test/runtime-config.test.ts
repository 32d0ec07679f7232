import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  commonSchema,
  commonSettings,
  ConfigError,
  describeSetting,
  parseSettings,
  renderHelp,
  type PositionalSpec,
  type SettingsSpec
} from '../src/runtime/index.js';

const ownSettings = {
  greeting: {
    flag: 'greeting',
    env: 'EX_GREETING',
    type: 'string',
    description: 'Word in front of replies.',
    example: 'Hello'
  },
  readOnly: {
    flag: 'read-only',
    env: 'EX_READ_ONLY',
    type: 'boolean',
    description: 'Offer only tools that change nothing.'
  },
  maxRows: {
    flag: 'max-rows',
    env: ['EX_MAX_ROWS', 'MAX_ROWS'],
    type: 'number',
    description: 'Row cap.',
    example: '100'
  },
  schemas: {
    flag: 'schema',
    env: 'EX_SCHEMAS',
    type: 'list',
    description: 'Schemas to expose.',
    example: 'public,app'
  },
  databaseUrl: {
    flag: 'database-url',
    env: ['EX_DATABASE_URL', 'DATABASE_URL'],
    type: 'string',
    envOnly: true,
    description: 'Connection string.',
    example: 'postgres://user:pass@host/db'
  },
  label: { flag: 'label', env: 'EX_LABEL', type: 'string', description: 'Required label without example.' }
} as const satisfies SettingsSpec;

const settings = { ...commonSettings, ...ownSettings };

const schema = commonSchema.extend({
  greeting: z.string().min(1).max(10).default('Echo'),
  readOnly: z.boolean().default(false),
  maxRows: z.number().int().min(1).max(1000).default(100),
  schemas: z.array(z.string()).default(['public']),
  databaseUrl: z.string().startsWith('postgres', { message: 'must be a postgres:// URL' }).optional(),
  label: z.string().default('none')
});

const parse = (argv: string[] = [], env: Record<string, string | undefined> = {}) =>
  parseSettings(settings, schema, argv, env).config;

/** The ConfigError's problems, failing the test when nothing was thrown. */
function problemsOf(
  argv: string[],
  env: Record<string, string | undefined> = {},
  spec: SettingsSpec = settings,
  s: z.ZodObject = schema,
  positional?: PositionalSpec
): string[] {
  try {
    parseSettings(spec, s, argv, env, positional);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe((error as ConfigError).problems.join('\n'));
    return (error as ConfigError).problems;
  }
  throw new Error(`expected a ConfigError for argv ${JSON.stringify(argv)} env ${JSON.stringify(env)}`);
}

describe('defaults and sources', () => {
  it('applies the schema defaults when nothing is set', () => {
    expect(parse()).toEqual({
      transport: 'stdio',
      port: 3000,
      host: '127.0.0.1',
      oauthScopes: [],
      allowedHosts: [],
      allowedOrigins: [],
      maxBodyBytes: 1_048_576,
      logLevel: 'info',
      maxResultBytes: 100_000,
      rateLimits: {},
      disableTools: [],
      toolsets: [],
      tools: [],
      greeting: 'Echo',
      readOnly: false,
      maxRows: 100,
      schemas: ['public'],
      label: 'none'
    });
  });

  it('reads every kind of setting from the environment', () => {
    const config = parse([], {
      EX_GREETING: 'Yo',
      EX_READ_ONLY: 'true',
      EX_MAX_ROWS: '7',
      EX_SCHEMAS: 'a, b,,c ',
      MCP_TRANSPORT: 'http',
      MCP_PORT: '8080',
      MCP_AUTH_TOKEN: 'x'.repeat(32),
      EX_DATABASE_URL: 'postgres://u:p@h/db'
    });
    expect(config).toMatchObject({
      greeting: 'Yo',
      readOnly: true,
      maxRows: 7,
      schemas: ['a', 'b', 'c'],
      transport: 'http',
      port: 8080,
      authToken: 'x'.repeat(32),
      databaseUrl: 'postgres://u:p@h/db'
    });
  });

  it('lets flags win over the environment', () => {
    const env = { EX_GREETING: 'Yo', EX_READ_ONLY: 'false', EX_MAX_ROWS: '7', EX_SCHEMAS: 'x,y', MCP_PORT: '8080' };
    expect(
      parse(['--greeting', 'Hi', '--read-only', '--max-rows', '5', '--schema', 'z', '--port=9090'], env)
    ).toMatchObject({
      greeting: 'Hi',
      readOnly: true,
      maxRows: 5,
      schemas: ['z'],
      port: 9090
    });
    expect(parse(['--no-read-only'], { EX_READ_ONLY: 'yes' }).readOnly).toBe(false);
  });

  it('takes the first variable that is set among several names', () => {
    expect(parse([], { EX_MAX_ROWS: '1', MAX_ROWS: '2' }).maxRows).toBe(1);
    expect(parse([], { MAX_ROWS: '2' }).maxRows).toBe(2);
    expect(parse([], { PORT: '4000' }).port).toBe(4000);
    expect(parse([], { MCP_PORT: '5000', PORT: '4000' }).port).toBe(5000);
    expect(parse([], { DATABASE_URL: 'postgres://fallback' }).databaseUrl).toBe('postgres://fallback');
  });

  it('treats an empty variable as unset', () => {
    expect(parse([], { EX_GREETING: '' }).greeting).toBe('Echo');
    expect(parse([], { MCP_PORT: '', PORT: '4000' }).port).toBe(4000);
    expect(parse([], { EX_READ_ONLY: '' }).readOnly).toBe(false);
    expect(parse([], { EX_SCHEMAS: '' }).schemas).toEqual(['public']);
    expect(parse([], { EX_MAX_ROWS: undefined }).maxRows).toBe(100);
  });

  it('returns the raw values it read', () => {
    const parsed = parseSettings(settings, schema, ['--greeting', 'Hi'], { EX_MAX_ROWS: '3' });
    expect(parsed.values).toEqual({ greeting: 'Hi', maxRows: 3 });
    expect(parsed.help).toBe(false);
    expect(parsed.version).toBe(false);
  });
});

describe('booleans', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    [' yes ', true],
    ['1', true],
    ['on', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
    ['off', false]
  ])('reads %j from the environment as %s', (text, expected) => {
    expect(parse([], { EX_READ_ONLY: text }).readOnly).toBe(expected);
  });

  it('names the variable and the bad value', () => {
    expect(problemsOf([], { EX_READ_ONLY: 'maybe' })).toEqual([
      'EX_READ_ONLY: "maybe" is not a boolean; use true or false.'
    ]);
  });

  it('supports --flag and --no-flag, but not values on the flag or --no- for non-booleans', () => {
    expect(parse(['--read-only']).readOnly).toBe(true);
    expect(parse(['--no-read-only']).readOnly).toBe(false);
    expect(problemsOf(['--read-only=false'])[0]).toMatch(
      /--read-only.*does not take an argument.*Run with --help to see the accepted options\.$/
    );
    expect(problemsOf(['--no-greeting'])[0]).toMatch(/Unknown option '--no-greeting'/);
  });
});

describe('numbers', () => {
  it('parses flags and variables as numbers', () => {
    expect(parse(['--max-rows', '250']).maxRows).toBe(250);
    expect(parse([], { MAX_ROWS: '12' }).maxRows).toBe(12);
    expect(parse(['--port', '0']).port).toBe(0);
  });

  it('names the flag and variables with the example when a number is bad', () => {
    expect(problemsOf(['--max-rows', 'lots'])).toEqual([
      '--max-rows / EX_MAX_ROWS / MAX_ROWS: Invalid input: expected number, received NaN. Example: --max-rows 100'
    ]);
    expect(problemsOf([], { MCP_PORT: 'eighty' })).toEqual([
      '--port / MCP_PORT / PORT: must be a number. Example: --port 3000'
    ]);
    expect(problemsOf(['--port', '70000'])).toEqual([
      '--port / MCP_PORT / PORT: must be between 0 and 65535. Example: --port 3000'
    ]);
    expect(problemsOf(['--port=-1'])).toEqual([
      '--port / MCP_PORT / PORT: must be between 0 and 65535. Example: --port 3000'
    ]);
    // parseArgs reads "--port -1" as a missing value; its sentence ends with one period, not two
    expect(problemsOf(['--port', '-1'])).toEqual([
      "Option '--port' argument is ambiguous. Run with --help to see the accepted options."
    ]);
    expect(problemsOf(['--port', '80.5'])).toEqual([
      '--port / MCP_PORT / PORT: must be a whole number. Example: --port 3000'
    ]);
    expect(problemsOf(['--max-rows', '2.5'])[0]).toMatch(
      /^--max-rows \/ EX_MAX_ROWS \/ MAX_ROWS: Invalid input: expected int, received number\. Example: --max-rows 100$/
    );
  });

  it('does not read a blank value as 0', () => {
    // `--port "$PORT"` with PORT unset must not silently pick a random port
    expect(problemsOf(['--port', ''])).toEqual(['--port / MCP_PORT / PORT: must be a number. Example: --port 3000']);
    expect(problemsOf(['--port='])).toEqual(['--port / MCP_PORT / PORT: must be a number. Example: --port 3000']);
    expect(problemsOf([], { MCP_PORT: '  ' })).toEqual([
      '--port / MCP_PORT / PORT: must be a number. Example: --port 3000'
    ]);
  });
});

describe('lists', () => {
  it('splits commas and collects repeated flags', () => {
    expect(parse(['--schema', 'a,b', '--schema', ' c ', '--schema', 'd,,']).schemas).toEqual(['a', 'b', 'c', 'd']);
    expect(parse(['--disable-tools', 'write_file', '--disable-tools', 'move_file']).disableTools).toEqual([
      'write_file',
      'move_file'
    ]);
    expect(parse([], { MCP_ALLOWED_HOSTS: 'a.example, b.example' }).allowedHosts).toEqual(['a.example', 'b.example']);
  });
});

describe('secrets', () => {
  it.each([
    [['--database-url', 'postgres://u:hunter2@h/db'], 'EX_DATABASE_URL'],
    [['--database-url=postgres://u:hunter2@h/db'], 'EX_DATABASE_URL'],
    [['--auth-token', 'hunter2hunter2hunter2'], 'MCP_AUTH_TOKEN'],
    [['--greeting', 'hi', '--auth-token=hunter2hunter2hunter2'], 'MCP_AUTH_TOKEN']
  ])('refuses the env-only %j on argv and points at the variable, without echoing it', (argv, variable) => {
    const problems = problemsOf(argv);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`set ${variable} in the environment instead`);
    expect(problems[0]).toMatch(/is not accepted on the command line because it is a secret visible in `ps`/);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('describes an env-only setting by its variables and shows the example as an assignment', () => {
    expect(describeSetting(ownSettings.databaseUrl)).toBe('EX_DATABASE_URL / DATABASE_URL');
    expect(describeSetting(ownSettings.maxRows)).toBe('--max-rows / EX_MAX_ROWS / MAX_ROWS');
    expect(problemsOf([], { EX_DATABASE_URL: 'mysql://u:hunter2@h' })).toEqual([
      'EX_DATABASE_URL / DATABASE_URL: must be a postgres:// URL. Example: EX_DATABASE_URL=postgres://user:pass@host/db'
    ]);
    const short = problemsOf([], { MCP_AUTH_TOKEN: 'shortsecret' });
    expect(short).toEqual([
      'MCP_AUTH_TOKEN: must be at least 16 characters (use a random value). Example: MCP_AUTH_TOKEN=$(openssl rand -hex 32)'
    ]);
    expect(short.join()).not.toContain('shortsecret');
  });
});

describe('errors', () => {
  it('refuses an unknown flag and points at --help', () => {
    const unknown = problemsOf(['--bogus']);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatch(/^Unknown option '--bogus'.*Run with --help to see the accepted options\.$/);
    expect(problemsOf(['--greeting'])[0]).toMatch(
      /--greeting.*argument missing|Option '--greeting <value>' argument missing/
    );
    expect(problemsOf(['stray'])[0]).toMatch(/Unexpected argument 'stray'/);
  });

  it('names the flag and variable with the example for zod problems, and collects every problem', () => {
    const problems = problemsOf(['--greeting', 'far too long a greeting', '--transport', 'ftp'], {
      EX_READ_ONLY: 'perhaps',
      MCP_OAUTH_ISSUER: 'not a url'
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'EX_READ_ONLY: "perhaps" is not a boolean; use true or false.',
        '--greeting / EX_GREETING: Too big: expected string to have <=10 characters. Example: --greeting Hello',
        '--transport / MCP_TRANSPORT: must be "stdio" or "http". Example: --transport http',
        '--oauth-issuer / MCP_OAUTH_ISSUER: must be an absolute http(s) URL. Example: --oauth-issuer https://auth.example.com/'
      ])
    );
    expect(problems).toHaveLength(4);
  });

  it('leaves out "Example:" for a setting without one and says "is required" when a value is missing', () => {
    const required = commonSchema.extend({ label: z.string() });
    expect(problemsOf([], {}, settings, required)).toEqual(['--label / EX_LABEL: is required.']);
    expect(problemsOf(['--label', ''], {}, settings, commonSchema.extend({ label: z.string().min(1) }))[0]).toMatch(
      /^--label \/ EX_LABEL: Too small.*[^.]\.$/
    );
  });

  it('accepts only http(s) URLs where the message says so', () => {
    expect(parse(['--public-url', 'https://mcp.example.com']).publicUrl).toBe('https://mcp.example.com');
    for (const bad of ['ftp://mcp.example.com', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(problemsOf(['--public-url', bad])).toEqual([
        `--public-url / MCP_PUBLIC_URL: must be an absolute http(s) URL. Example: --public-url https://mcp.example.com`
      ]);
    }
  });

  it('accepts "warn" as a log level and refuses unknown ones', () => {
    expect(parse(['--log-level', 'warn']).logLevel).toBe('warn');
    expect(parse([], { LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(problemsOf(['--log-level', 'loud'])[0]).toMatch(/^--log-level \/ LOG_LEVEL: .*Example: --log-level debug$/);
  });
});

describe('rate-limit lists', () => {
  it('parses TOOL=CALLS/UNIT entries from flags and the environment', () => {
    expect(
      parse(['--rate-limit', 'send_mail=5/min', '--rate-limit', 'post_reply=1/s, read_thread = 100/hour']).rateLimits
    ).toEqual({
      send_mail: { max: 5, windowMs: 60_000 },
      post_reply: { max: 1, windowMs: 1000 },
      read_thread: { max: 100, windowMs: 3_600_000 }
    });
    expect(parse([], { MCP_RATE_LIMITS: 'a_b=2/30s' }).rateLimits).toEqual({ a_b: { max: 2, windowMs: 30_000 } });
  });

  it('names each bad entry with the expected form', () => {
    expect(problemsOf(['--rate-limit', 'send_mail,post_reply=fast,read_x=0/min,=5/min'])).toEqual([
      '--rate-limit / MCP_RATE_LIMITS: "send_mail" must look like TOOL=CALLS/UNIT. Example: --rate-limit add_public_reply=5/min',
      '--rate-limit / MCP_RATE_LIMITS: "fast" is not a rate limit; write it as CALLS/UNIT, e.g. "10/min", "5/s" or "100/hour". Example: --rate-limit add_public_reply=5/min',
      '--rate-limit / MCP_RATE_LIMITS: rate limit "0/min" must allow at least one call. Example: --rate-limit add_public_reply=5/min',
      '--rate-limit / MCP_RATE_LIMITS: "=5/min" must look like TOOL=CALLS/UNIT. Example: --rate-limit add_public_reply=5/min'
    ]);
  });
});

describe('positional arguments', () => {
  const positional: PositionalSpec = {
    key: 'roots',
    name: 'DIRECTORY',
    description: 'Directories the server may read.'
  };
  const withRoots = commonSchema.extend({
    readOnly: z.boolean().default(false),
    roots: z.array(z.string()).min(1, { message: 'name at least one directory' })
  });
  const spec = { ...commonSettings, readOnly: ownSettings.readOnly };

  it('collects positionals around flags', () => {
    const { config } = parseSettings(spec, withRoots, ['/srv/a', '--read-only', '/srv/b'], {}, positional);
    expect(config).toMatchObject({ roots: ['/srv/a', '/srv/b'], readOnly: true });
  });

  it('names the positional in problems', () => {
    expect(problemsOf([], {}, spec, withRoots, positional)).toEqual(['DIRECTORY: is required.']);
    const tooFew = commonSchema.extend({
      roots: z.array(z.string()).min(2, { message: 'name at least two directories' }).optional()
    });
    expect(problemsOf(['/only'], {}, spec, tooFew, positional)).toEqual(['DIRECTORY: name at least two directories.']);
  });
});

describe('--help and --version', () => {
  it('short-circuits validation', () => {
    for (const flag of ['--help', '-h']) {
      const parsed = parseSettings(settings, schema, [flag], { EX_READ_ONLY: 'maybe', MCP_PORT: 'bad' });
      expect(parsed).toMatchObject({ help: true, version: false });
    }
    for (const flag of ['--version', '-v'])
      expect(parseSettings(settings, schema, [flag], {})).toMatchObject({ help: false, version: true });
  });

  it('lists every setting, flag and variable, with descriptions and examples', () => {
    const help = renderHelp({
      bin: 'mcp-server-ex',
      description: 'Example server',
      settings,
      positional: { key: 'roots', name: 'DIRECTORY', description: 'Directories to serve.' },
      examples: ['mcp-server-ex /srv', 'MCP_AUTH_TOKEN=... mcp-server-ex --transport http']
    });
    expect(help.startsWith('mcp-server-ex — Example server\n\nUsage: mcp-server-ex [options] [DIRECTORY...]\n')).toBe(
      true
    );
    for (const spec of Object.values(settings) as SettingsSpec[string][]) {
      const vars = spec.env === undefined ? [] : typeof spec.env === 'string' ? [spec.env] : spec.env;
      for (const name of vars) expect(help).toContain(name);
      if (spec.envOnly) expect(help).not.toContain(`--${spec.flag}`);
      else expect(help).toMatch(new RegExp(`^  --${spec.flag}\\b`, 'm'));
      expect(help).toContain(spec.description);
      if (spec.example) expect(help).toContain(`e.g. ${spec.example}`);
    }
    expect(help).toContain('  --max-rows <number>  (env EX_MAX_ROWS, MAX_ROWS)');
    expect(help).toContain('  --schema <a,b>  (env EX_SCHEMAS)');
    expect(help).toMatch(/^ {2}--read-only {2}\(env EX_READ_ONLY\)$/m);
    expect(help).toMatch(/^ {2}EX_DATABASE_URL, DATABASE_URL$/m);
    expect(help).toContain('  DIRECTORY...\n      Directories to serve.');
    expect(help).toContain('--help, -h');
    expect(help).toContain('--version, -v');
    expect(help).toContain('Examples:\n  mcp-server-ex /srv\n  MCP_AUTH_TOKEN=... mcp-server-ex --transport http\n');
  });
});
