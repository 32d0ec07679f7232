import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/server';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

export type AuthResult =
  { ok: true; authInfo: AuthInfo } | { ok: false; status: 401 | 403; error: string; description: string };

export interface Authenticator {
  /** Value for WWW-Authenticate on a 401/403. */
  challenge(result: Extract<AuthResult, { ok: false }>): string;
  authenticate(req: IncomingMessage): Promise<AuthResult>;
  /** RFC 9728 protected-resource metadata, in OAuth mode. */
  resourceMetadata?: Record<string, unknown>;
}

function bearerFrom(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** A static shared token, compared in constant time. */
export function staticTokenAuthenticator(token: string): Authenticator {
  const expected = digest(token);
  return {
    challenge: (r) => `Bearer realm="mcp", error="${r.error}", error_description="${r.description}"`,
    async authenticate(req) {
      const given = bearerFrom(req);
      if (!given) return { ok: false, status: 401, error: 'invalid_request', description: 'missing bearer token' };
      if (!timingSafeEqual(digest(given), expected)) {
        return { ok: false, status: 401, error: 'invalid_token', description: 'token not accepted' };
      }
      return { ok: true, authInfo: { token: given, clientId: 'static-token', scopes: [] } };
    }
  };
}

export interface OAuthOptions {
  issuer: string;
  jwksUrl?: string;
  audience: string;
  requiredScopes: readonly string[];
  /** The protected resource (this server's /mcp URL). */
  resource: string;
  /** Where the metadata document is served, for the WWW-Authenticate `resource_metadata` parameter. */
  resourceMetadataUrl: string;
  /**
   * Longest lifetime accepted (exp minus iat, or nbf, or now). A stolen token must stop working on
   * its own; default 24 h.
   */
  maxTokenLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3_600;

/** OAuth 2.1 resource-server mode: JWT access tokens verified against the issuer's JWKS. */
export function oauthAuthenticator(options: OAuthOptions): Authenticator {
  const jwksUrl = new URL(options.jwksUrl ?? new URL('.well-known/jwks.json', withSlash(options.issuer)).href);
  const jwks = createRemoteJWKSet(jwksUrl, { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  const scopeText = options.requiredScopes.length ? `, scope="${options.requiredScopes.join(' ')}"` : '';
  return {
    resourceMetadata: {
      resource: options.resource,
      authorization_servers: [options.issuer],
      bearer_methods_supported: ['header'],
      ...(options.requiredScopes.length ? { scopes_supported: [...options.requiredScopes] } : {})
    },
    challenge: (r) =>
      `Bearer resource_metadata="${options.resourceMetadataUrl}", error="${r.error}", error_description="${r.description}"${scopeText}`,
    async authenticate(req) {
      const token = bearerFrom(req);
      if (!token) return { ok: false, status: 401, error: 'invalid_request', description: 'missing bearer token' };
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, { issuer: options.issuer, audience: options.audience }));
      } catch (error) {
        const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'token not accepted';
        return { ok: false, status: 401, error: 'invalid_token', description: reason };
      }
      const lifetime = lifetimeProblem(payload, options.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
      if (lifetime) return { ok: false, status: 401, error: 'invalid_token', description: lifetime };
      // RFC 9068 says a space-separated `scope`; some providers (Azure AD, Okta) send an `scp` array.
      const scopes =
        typeof payload.scope === 'string'
          ? payload.scope.split(' ').filter(Boolean)
          : Array.isArray(payload.scp)
            ? payload.scp.filter((s): s is string => typeof s === 'string')
            : [];
      const missing = options.requiredScopes.filter((s) => !scopes.includes(s));
      if (missing.length) {
        return {
          ok: false,
          status: 403,
          error: 'insufficient_scope',
          description: `missing scope ${missing.join(' ')}`
        };
      }
      const clientId = String(payload.client_id ?? payload.azp ?? payload.sub ?? 'unknown');
      return {
        ok: true,
        authInfo: {
          token,
          clientId,
          scopes,
          ...(payload.exp ? { expiresAt: payload.exp } : {}),
          resource: new URL(options.resource),
          extra: { sub: payload.sub }
        }
      };
    }
  };
}

/** Why a verified token's lifetime is not acceptable, or undefined when it is. */
function lifetimeProblem(payload: JWTPayload, maxSeconds: number): string | undefined {
  if (typeof payload.exp !== 'number') return 'token has no expiry (exp); only expiring tokens are accepted';
  const now = Math.floor(Date.now() / 1000);
  const start = typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : now;
  // Measured from the claimed start and from now, so a future-dated iat cannot hide a far exp.
  const longest = Math.max(payload.exp - start, payload.exp - now);
  if (longest > maxSeconds) return `token lifetime over the ${maxSeconds} s this server accepts`;
  return undefined;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
