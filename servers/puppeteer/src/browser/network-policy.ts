import { OutboundError, OutboundPolicy, type ResolvedTarget, type Resolver } from '@mcp-catalog/shared';
import { parseOriginRule, ruleMatches, ruleNamesAddress, type Destination, type OriginRule } from './origins.js';

export interface NetworkRulesOptions {
  /** When non-empty, only these origins load; an origin listed here may be loopback or private. */
  allowedOrigins?: readonly string[];
  /** Never loaded, by name and (for IP rules) by resolved address. */
  blockedOrigins?: readonly string[];
  /** DNS resolver (tests inject one so refusals of non-loopback names need no packet). */
  resolve?: Resolver;
}

export type RefusalCode =
  | 'blocked_origin'
  | 'origin_not_allowed'
  | 'refused_address'
  | 'dns_failure'
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'service_worker'
  | 'connect_failed';

/** Why the browser's network boundary refused a request; `message` is safe to show to a model. */
export class NetworkRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly hint?: string
  ) {
    super(message);
    this.name = 'NetworkRefusal';
  }
}

/**
 * What the browser may reach: the operator's origin rules first (by name), then the shared outbound
 * policy on the resolved addresses (public only, unless the origin was explicitly allowed, which
 * lets loopback and private addresses through but never metadata).
 */
export class NetworkRules {
  readonly allowed: readonly OriginRule[];
  readonly blocked: readonly OriginRule[];
  private readonly publicPolicy: OutboundPolicy;
  private readonly listedPolicy: OutboundPolicy;

  constructor(options: NetworkRulesOptions = {}) {
    this.allowed = (options.allowedOrigins ?? []).map(parseOriginRule);
    this.blocked = (options.blockedOrigins ?? []).map(parseOriginRule);
    const resolve = options.resolve ? { resolve: options.resolve } : {};
    // Credentials in URLs are the page's business (basic-auth sites); the proxy never logs them.
    this.publicPolicy = new OutboundPolicy({ allowCredentials: true, maxUrlLength: 16_384, ...resolve });
    this.listedPolicy = new OutboundPolicy({
      allowCredentials: true,
      maxUrlLength: 16_384,
      allowPrivate: true,
      ...resolve
    });
  }

  /** The origin-rule verdict (no DNS): the policy to resolve with, or a refusal. */
  decide(destination: Destination): OutboundPolicy {
    const label = describe(destination);
    const blockedBy = this.blocked.find((rule) => ruleMatches(rule, destination));
    if (blockedBy) {
      throw new NetworkRefusal(
        'blocked_origin',
        `${label} is blocked by the operator's rule "${blockedBy.text}" (--blocked-page-origins).`,
        'This site may not be loaded.'
      );
    }
    if (this.allowed.length === 0) return this.publicPolicy;
    if (this.allowed.some((rule) => ruleMatches(rule, destination))) return this.listedPolicy;
    throw new NetworkRefusal(
      'origin_not_allowed',
      `${label} is not in the operator's allowed origins (--allowed-page-origins); nothing else loads.`,
      `Allowed: ${this.allowed.map((rule) => rule.text).join(', ')}.`
    );
  }

  /**
   * Checks a destination completely: origin rules, DNS, every address, and blocked IP rules
   * against the addresses. The returned target is what a connection must be pinned to.
   */
  async check(destination: Destination, signal?: AbortSignal): Promise<ResolvedTarget> {
    const policy = this.decide(destination);
    const scheme = destination.scheme ?? (destination.port === 80 ? 'http' : 'https');
    const host =
      destination.host.includes(':') && !destination.host.startsWith('[') ? `[${destination.host}]` : destination.host;
    let target: ResolvedTarget;
    try {
      target = await policy.resolve(`${scheme}://${host}:${destination.port}/`, signal);
    } catch (error) {
      throw asRefusal(error, destination);
    }
    for (const { address } of target.addresses) {
      const rule = this.blocked.find((candidate) => ruleNamesAddress(candidate, address, destination));
      if (rule) {
        throw new NetworkRefusal(
          'blocked_origin',
          `${describe(destination)} resolves to ${address}, which the operator blocked ("${rule.text}").`,
          'This site may not be loaded.'
        );
      }
    }
    return target;
  }
}

function describe(destination: Destination): string {
  return destination.scheme
    ? `${destination.scheme}://${destination.host}:${destination.port}`
    : `${destination.host}:${destination.port}`;
}

function asRefusal(error: unknown, destination: Destination): NetworkRefusal {
  if (error instanceof NetworkRefusal) return error;
  if (error instanceof OutboundError) {
    const code: RefusalCode =
      error.code === 'refused_address' ||
      error.code === 'dns_failure' ||
      error.code === 'invalid_url' ||
      error.code === 'unsupported_scheme'
        ? error.code
        : 'connect_failed';
    return new NetworkRefusal(code, error.message, error.hint);
  }
  return new NetworkRefusal('connect_failed', `Could not reach ${describe(destination)}.`);
}
