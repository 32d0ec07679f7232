import * as z from 'zod';
import { LOG_LEVELS } from '../log/index.js';
import { parseRateLimit, type RateLimit } from '../tool/index.js';
import type { SettingsSpec } from './config.js';

/** Settings every server accepts: transport, HTTP security, logging, output caps, tool switches. */
export const commonSettings = {
  transport: {
    flag: 'transport',
    env: 'MCP_TRANSPORT',
    type: 'string',
    description:
      'How hosts connect: "stdio" (default; the host starts the process) or "http" (Streamable HTTP on /mcp).',
    example: 'http'
  },
  port: {
    flag: 'port',
    env: ['MCP_PORT', 'PORT'],
    type: 'number',
    description: 'HTTP port (default 3000; 0 picks a free one).',
    example: '3000'
  },
  host: {
    flag: 'host',
    env: 'MCP_HOST',
    type: 'string',
    description: 'HTTP bind address (default 127.0.0.1). Anything but loopback requires MCP_AUTH_TOKEN or OAuth.',
    example: '0.0.0.0'
  },
  authToken: {
    flag: 'auth-token',
    env: 'MCP_AUTH_TOKEN',
    type: 'string',
    envOnly: true,
    description: 'Static bearer token every HTTP request must carry (Authorization: Bearer <token>).',
    example: '$(openssl rand -hex 32)'
  },
  oauthIssuer: {
    flag: 'oauth-issuer',
    env: 'MCP_OAUTH_ISSUER',
    type: 'string',
    description: 'OAuth 2.1 resource-server mode: the authorization server whose JWT access tokens are accepted.',
    example: 'https://auth.example.com/'
  },
  oauthJwksUrl: {
    flag: 'oauth-jwks-url',
    env: 'MCP_OAUTH_JWKS_URL',
    type: 'string',
    description: 'JWKS URL used to verify access-token signatures (default: <issuer>/.well-known/jwks.json).',
    example: 'https://auth.example.com/.well-known/jwks.json'
  },
  oauthAudience: {
    flag: 'oauth-audience',
    env: 'MCP_OAUTH_AUDIENCE',
    type: 'string',
    description: 'Required "aud" of access tokens (default: this server\'s public /mcp URL).',
    example: 'https://mcp.example.com/mcp'
  },
  oauthScopes: {
    flag: 'oauth-scopes',
    env: 'MCP_OAUTH_SCOPES',
    type: 'list',
    description: 'Scopes every access token must carry.',
    example: 'mcp:tools'
  },
  publicUrl: {
    flag: 'public-url',
    env: 'MCP_PUBLIC_URL',
    type: 'string',
    description:
      'The URL clients use to reach this server (behind a proxy); used in OAuth metadata and as the default audience.',
    example: 'https://mcp.example.com'
  },
  allowedHosts: {
    flag: 'allowed-hosts',
    env: 'MCP_ALLOWED_HOSTS',
    type: 'list',
    description:
      "Host header values accepted (DNS-rebinding protection). Default: localhost names when bound to loopback, the public URL's host otherwise.",
    example: 'mcp.example.com'
  },
  allowedOrigins: {
    flag: 'allowed-origins',
    env: 'MCP_ALLOWED_ORIGINS',
    type: 'list',
    description: 'Browser Origin hostnames accepted; requests without Origin are unaffected. Default: localhost names.',
    example: 'app.example.com'
  },
  maxBodyBytes: {
    flag: 'max-body-bytes',
    env: 'MCP_MAX_BODY_BYTES',
    type: 'number',
    description: 'Largest HTTP request body accepted (default 1048576).',
    example: '1048576'
  },
  logLevel: {
    flag: 'log-level',
    env: 'LOG_LEVEL',
    type: 'string',
    description: `Stderr log level: ${LOG_LEVELS.join(', ')} (default info).`,
    example: 'debug'
  },
  maxResultBytes: {
    flag: 'max-result-bytes',
    env: 'MCP_MAX_RESULT_BYTES',
    type: 'number',
    description: 'Cap on the text of each tool result (default 100000); results say how to get the rest.',
    example: '50000'
  },
  rateLimits: {
    flag: 'rate-limit',
    env: 'MCP_RATE_LIMITS',
    type: 'list',
    description: 'Per-tool rate limits as TOOL=CALLS/UNIT, repeatable or comma-separated.',
    example: 'add_public_reply=5/min'
  },
  disableTools: {
    flag: 'disable-tools',
    env: 'MCP_DISABLE_TOOLS',
    type: 'list',
    description: 'Tools not to offer at all (they are not listed).',
    example: 'move_file,write_file'
  }
} as const satisfies SettingsSpec;

const urlString = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' });

export const commonSchema = z.object({
  transport: z.enum(['stdio', 'http'], { message: 'must be "stdio" or "http"' }).default('stdio'),
  // Each check names its own problem: a schema-level message would also replace "too big" with "must be a number".
  port: z
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be between 0 and 65535' })
    .max(65535, { message: 'must be between 0 and 65535' })
    .default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  authToken: z.string().min(16, { message: 'must be at least 16 characters (use a random value)' }).optional(),
  oauthIssuer: urlString.optional(),
  oauthJwksUrl: urlString.optional(),
  oauthAudience: z.string().min(1).optional(),
  oauthScopes: z.array(z.string()).default([]),
  publicUrl: urlString.optional(),
  allowedHosts: z.array(z.string()).default([]),
  allowedOrigins: z.array(z.string()).default([]),
  maxBodyBytes: z.number().int().min(1024, { message: 'must be at least 1024' }).default(1_048_576),
  logLevel: z.enum(LOG_LEVELS).or(z.literal('warn')).default('info'),
  maxResultBytes: z.number().int().min(1000, { message: 'must be at least 1000' }).default(100_000),
  rateLimits: z
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
  disableTools: z.array(z.string()).default([])
});

export type CommonConfig = z.output<typeof commonSchema>;
