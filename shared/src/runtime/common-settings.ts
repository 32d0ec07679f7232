import * as z from 'zod';
import { LOG_LEVELS } from '../log/index.js';
import { setting, specsOf } from '../server/settings.js';
import { parseRateLimit, type RateLimit } from '../tool/index.js';
import type { SettingsSpec } from './config.js';

const urlString = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' });
const list = z.array(z.string()).default([]);

/**
 * Settings every server accepts: transport, HTTP security, logging, output caps and the tool
 * switches. Declared once, like a server's own settings; the names are the same on every server.
 */
export const commonShape = {
  transport: setting(z.enum(['stdio', 'http'], { message: 'must be "stdio" or "http"' }).default('stdio'), {
    env: 'MCP_TRANSPORT',
    description:
      'How hosts connect: "stdio" (default; the host starts the process) or "http" (Streamable HTTP on /mcp).',
    example: 'http'
  }),
  // Each check names its own problem: a schema-level message would also replace "too big" with "must be a number".
  port: setting(
    z
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(0, { message: 'must be between 0 and 65535' })
      .max(65535, { message: 'must be between 0 and 65535' })
      .default(3000),
    { env: ['MCP_PORT', 'PORT'], description: 'HTTP port (default 3000; 0 picks a free one).', example: '3000' }
  ),
  host: setting(z.string().min(1).default('127.0.0.1'), {
    env: 'MCP_HOST',
    description: 'HTTP bind address (default 127.0.0.1). Anything but loopback requires MCP_AUTH_TOKEN or OAuth.',
    example: '0.0.0.0'
  }),
  authToken: setting(
    z.string().min(16, { message: 'must be at least 16 characters (use a random value)' }).optional(),
    {
      flag: 'auth-token',
      env: 'MCP_AUTH_TOKEN',
      secret: true,
      description: 'Static bearer token every HTTP request must carry (Authorization: Bearer <token>).',
      example: '$(openssl rand -hex 32)'
    }
  ),
  oauthIssuer: setting(urlString.optional(), {
    env: 'MCP_OAUTH_ISSUER',
    description: 'OAuth 2.1 resource-server mode: the authorization server whose JWT access tokens are accepted.',
    example: 'https://auth.example.com/'
  }),
  oauthJwksUrl: setting(urlString.optional(), {
    env: 'MCP_OAUTH_JWKS_URL',
    description: 'JWKS URL used to verify access-token signatures (default: <issuer>/.well-known/jwks.json).',
    example: 'https://auth.example.com/.well-known/jwks.json'
  }),
  oauthAudience: setting(z.string().min(1).optional(), {
    env: 'MCP_OAUTH_AUDIENCE',
    description: 'Required "aud" of access tokens (default: this server\'s public /mcp URL).',
    example: 'https://mcp.example.com/mcp'
  }),
  oauthScopes: setting(list, {
    env: 'MCP_OAUTH_SCOPES',
    description: 'Scopes every access token must carry.',
    example: 'mcp:tools'
  }),
  oauthMaxTokenLifetimeSeconds: setting(
    z
      .number({ message: 'must be a number' })
      .int({ message: 'must be a whole number' })
      .min(60, { message: 'must be at least 60' })
      .max(31_536_000, { message: 'must be at most 31536000 (one year)' })
      .optional(),
    {
      env: 'MCP_OAUTH_MAX_TOKEN_LIFETIME_SECONDS',
      description:
        'Longest access-token lifetime accepted, in seconds (exp minus iat or now; default 86400). Tokens without exp are always refused.',
      example: '3600'
    }
  ),
  publicUrl: setting(urlString.optional(), {
    env: 'MCP_PUBLIC_URL',
    description:
      'The URL clients use to reach this server (behind a proxy); used in OAuth metadata and as the default audience.',
    example: 'https://mcp.example.com'
  }),
  allowedHosts: setting(list, {
    env: 'MCP_ALLOWED_HOSTS',
    description:
      "Host header values accepted (DNS-rebinding protection). Default: localhost names when bound to loopback, the public URL's host otherwise.",
    example: 'mcp.example.com'
  }),
  allowedOrigins: setting(list, {
    env: 'MCP_ALLOWED_ORIGINS',
    description: 'Browser Origin hostnames accepted; requests without Origin are unaffected. Default: localhost names.',
    example: 'app.example.com'
  }),
  maxBodyBytes: setting(z.number().int().min(1024, { message: 'must be at least 1024' }).default(1_048_576), {
    env: 'MCP_MAX_BODY_BYTES',
    description: 'Largest HTTP request body accepted (default 1048576).',
    example: '1048576'
  }),
  logLevel: setting(z.enum(LOG_LEVELS).or(z.literal('warn')).default('info'), {
    env: 'LOG_LEVEL',
    description: `Stderr log level: ${LOG_LEVELS.join(', ')} (default info).`,
    example: 'debug'
  }),
  maxResultBytes: setting(z.number().int().min(1000, { message: 'must be at least 1000' }).default(100_000), {
    env: 'MCP_MAX_RESULT_BYTES',
    description: 'Cap on the text of each tool result (default 100000); results say how to get the rest.',
    example: '50000'
  }),
  rateLimits: setting(
    z
      .array(z.string())
      .default([])
      .transform((entries, ctx) => {
        const limits: Record<string, RateLimit> = {};
        for (const entry of entries) {
          const [tool, limit] = entry.split('=');
          try {
            if (!tool || !limit) throw new Error(`"${entry}" must look like TOOL=CALLS/UNIT`);
            limits[tool.trim()] = parseRateLimit(limit);
          } catch (error) {
            ctx.addIssue({ code: 'custom', message: (error as Error).message });
          }
        }
        return limits;
      }),
    {
      flag: 'rate-limit',
      env: 'MCP_RATE_LIMITS',
      type: 'list',
      description: 'Per-tool rate limits as TOOL=CALLS/UNIT, repeatable or comma-separated.',
      example: 'add_public_reply=5/min'
    }
  ),
  readOnly: setting(z.boolean().default(false), {
    env: ['{SERVER}_READ_ONLY', 'MCP_READ_ONLY'],
    description: 'Offer only tools that change nothing (every tool whose readOnlyHint is false is left out).'
  }),
  toolsets: setting(list, {
    env: ['{SERVER}_TOOLSETS', 'MCP_TOOLSETS'],
    description: 'Toolsets to offer instead of the default ones ("all" for every toolset); see Toolsets below.',
    example: 'all'
  }),
  tools: setting(list, {
    env: ['{SERVER}_TOOLS', 'MCP_TOOLS'],
    description: 'Single tools to offer on top of the chosen toolsets.',
    example: 'tool_a,tool_b'
  }),
  disableTools: setting(list, {
    env: ['{SERVER}_DISABLE_TOOLS', 'MCP_DISABLE_TOOLS'],
    description: 'Tools not to offer at all (wins over --toolsets and --tools).',
    example: 'tool_c'
  })
};

export const commonSchema = z.object(commonShape);

export type CommonConfig = z.output<typeof commonSchema>;

/** The common settings' flags and environment names as a given server reads them. */
export function commonSpecsFor(server: string): SettingsSpec {
  return specsOf(server, commonShape);
}

/** The common settings as a server named "mcp" reads them (for code that predates the manifest). */
export const commonSettings: SettingsSpec = commonSpecsFor('mcp');
