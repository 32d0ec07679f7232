import { promises as dns, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isAddressAllowed, type AddressRange } from './address.js';

export type OutboundErrorCode =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'credentials_in_url'
  | 'dns_failure'
  | 'refused_address'
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'tls_error'
  | 'too_many_redirects'
  | 'redirect_loop'
  | 'network_error';

/** A refused or failed outbound request. `message` is safe to show to a model; `hint` says what to do. */
export class OutboundError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'OutboundError';
  }
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundPolicyOptions {
  /**
   * Lets requests reach loopback, private (RFC 1918, unique-local), link-local, CGNAT and reserved
   * addresses: needed for internal sites. Cloud metadata, unspecified, multicast and broadcast
   * addresses stay refused.
   */
  allowPrivate?: boolean;
  /** Accept user:password@ in URLs. Off by default: credentials in a URL end up in logs and stores. */
  allowCredentials?: boolean;
  /** Longest URL accepted, in characters (default 2048). */
  maxUrlLength?: number;
  /** DNS resolver (default: the system resolver via dns.lookup, all addresses). */
  resolve?: Resolver;
  /** Limit for one DNS resolution (default 5000 ms). */
  dnsTimeoutMs?: number;
}

/** A URL whose host resolved to addresses the policy allows; connections must go to exactly these. */
export interface ResolvedTarget {
  url: URL;
  /** Host name without IPv6 brackets. */
  hostname: string;
  addresses: LookupAddress[];
  /** Time spent resolving (0 for IP literals). */
  dnsMs: number;
}

const systemResolve: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Outbound URL policy for anything a server fetches on a model's behalf: http/https only, no
 * credentials in the URL, and the host's addresses checked after DNS resolution (so a name that
 * resolves to 127.0.0.1 or the cloud metadata service is refused). The checked addresses are then
 * pinned into the connection with {@link pinnedLookup}, so a second DNS answer (rebinding) cannot
 * send the request elsewhere. Redirects go through the policy again (see guardedRequest).
 */
export class OutboundPolicy {
  readonly allowPrivate: boolean;
  private readonly allowCredentials: boolean;
  private readonly maxUrlLength: number;
  private readonly resolver: Resolver;
  private readonly dnsTimeoutMs: number;

  constructor(options: OutboundPolicyOptions = {}) {
    this.allowPrivate = options.allowPrivate ?? false;
    this.allowCredentials = options.allowCredentials ?? false;
    this.maxUrlLength = options.maxUrlLength ?? 2048;
    this.resolver = options.resolve ?? systemResolve;
    this.dnsTimeoutMs = options.dnsTimeoutMs ?? 5000;
  }

  /** Parses and checks a URL's shape (no DNS). Throws OutboundError with a hint. */
  parseUrl(input: string | URL): URL {
    const text = String(input);
    if (text.length > this.maxUrlLength) {
      throw new OutboundError(
        'invalid_url',
        `The URL is ${text.length} characters long, over the ${this.maxUrlLength}-character limit.`,
        'Use a shorter URL.'
      );
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new OutboundError(
        'invalid_url',
        `"${truncate(text)}" is not a valid absolute URL.`,
        'Give a full URL such as https://example.com/health.'
      );
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OutboundError(
        'unsupported_scheme',
        `The scheme "${url.protocol.replace(/:$/, '')}" is not supported; only http and https are.`,
        'Use an http:// or https:// URL.'
      );
    }
    if (!url.hostname)
      throw new OutboundError(
        'invalid_url',
        'The URL has no host name.',
        'Give a full URL such as https://example.com/.'
      );
    if (url.port === '0') {
      throw new OutboundError(
        'invalid_url',
        'Port 0 is not a port a server can listen on.',
        'Use the port the site listens on, or leave the port out for 80 (http) or 443 (https).'
      );
    }
    if (!this.allowCredentials && (url.username || url.password)) {
      throw new OutboundError(
        'credentials_in_url',
        'The URL contains a user name or password, which is not accepted: it would be stored and logged in clear text.',
        'Remove the user:password@ part from the URL.'
      );
    }
    return url;
  }

  /** Checks one address against the policy. */
  checkAddress(address: string): { allowed: boolean; range: AddressRange | undefined } {
    return isAddressAllowed(address, { allowPrivate: this.allowPrivate });
  }

  /**
   * Parses the URL, resolves its host and checks every address. Throws OutboundError when the URL
   * is malformed, DNS fails, or any address is refused (a name that resolves to both a public and a
   * private address is treated as hostile).
   */
  async resolve(input: string | URL, signal?: AbortSignal): Promise<ResolvedTarget> {
    const url = this.parseUrl(input);
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const started = performance.now();
    let addresses: LookupAddress[];
    if (isIP(hostname)) {
      addresses = [{ address: hostname, family: isIP(hostname) }];
    } else {
      addresses = await this.lookup(hostname, signal);
      if (addresses.length === 0)
        throw new OutboundError('dns_failure', `The host "${hostname}" has no addresses.`, 'Check the host name.');
    }
    const dnsMs = isIP(hostname) ? 0 : performance.now() - started;
    for (const { address } of addresses) {
      const { allowed, range } = this.checkAddress(address);
      if (!allowed) throw refusal(hostname, address, range, this.allowPrivate);
    }
    return { url, hostname, addresses, dnsMs };
  }

  private async lookup(hostname: string, signal?: AbortSignal): Promise<LookupAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      return await Promise.race([
        this.resolver(hostname),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new OutboundError(
                  'timeout',
                  `Resolving "${hostname}" took over ${this.dnsTimeoutMs} ms.`,
                  'Check the DNS server, then try again.'
                )
              ),
            this.dnsTimeoutMs
          );
          onAbort = () => reject(signal?.reason);
          if (signal?.aborted) onAbort();
          signal?.addEventListener('abort', onAbort, { once: true });
        })
      ]);
    } catch (error) {
      if (error instanceof OutboundError || signal?.aborted) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new OutboundError(
        'dns_failure',
        `The host "${hostname}" could not be resolved (${code}).`,
        'Check the spelling of the host name.',
        { cause: error }
      );
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }
}

function refusal(
  hostname: string,
  address: string,
  range: AddressRange | undefined,
  allowPrivate: boolean
): OutboundError {
  const where =
    hostname === address ? `The address ${address}` : `The host "${hostname}" resolves to ${address}, which`;
  const kind = range ?? 'unrecognised';
  const what =
    range === 'metadata' ? 'is a cloud metadata endpoint' : `is ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;
  const hint =
    allowPrivate || range === 'metadata' || range === 'unspecified' || range === 'multicast' || range === 'broadcast'
      ? 'This destination is never allowed.'
      : 'Only public addresses are allowed; the server operator can allow private targets for internal sites.';
  return new OutboundError('refused_address', `${where} ${what} and is refused by the outbound policy.`, hint);
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * A `lookup` for net/tls/http(s) connections that answers only with the already-checked
 * addresses of `target`, so the socket connects where the policy looked. Refuses any other name.
 */
export function pinnedLookup(target: Pick<ResolvedTarget, 'hostname' | 'addresses'>): LookupFunction {
  return (hostname, options, callback) => {
    if (hostname.replace(/^\[(.*)\]$/, '$1') !== target.hostname) {
      const error = Object.assign(new Error(`lookup of "${hostname}" is not pinned`), { code: 'ENOTFOUND' });
      return callback(error, '', 4);
    }
    const family = options.family === 4 || options.family === 6 ? options.family : undefined;
    const candidates = family ? target.addresses.filter((a) => a.family === family) : target.addresses;
    if (candidates.length === 0) {
      const error = Object.assign(new Error(`no IPv${family} address for "${hostname}"`), { code: 'ENOTFOUND' });
      return callback(error, '', family ?? 4);
    }
    if (options.all) return callback(null, candidates);
    return callback(null, candidates[0]!.address, candidates[0]!.family);
  };
}
