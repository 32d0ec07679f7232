import { parseIp } from '@mcp-catalog/shared';

/**
 * One operator-written origin rule: `https://app.example.com`, `http://127.0.0.1:8080`,
 * `example.com`, `example.com:8443` or `*.example.com`. A rule without a scheme matches http and
 * https; a rule without a port matches the scheme's default port, or any port when it has no scheme.
 */
export interface OriginRule {
  text: string;
  scheme?: 'http' | 'https';
  /** Lower-case host without brackets or a trailing dot; for wildcards, the suffix after `*.`. */
  host: string;
  wildcard: boolean;
  port?: number;
  /** The host as IP bytes when the rule names an address (compared against resolved addresses). */
  ip?: Uint8Array;
}

/** Where a request goes. `scheme` is undefined for CONNECT tunnels (TLS or WebSocket: the proxy cannot tell). */
export interface Destination {
  scheme?: 'http' | 'https';
  host: string;
  port: number;
}

const RULE = /^(?:(https?):\/\/)?(\*\.)?(\[[0-9a-f:.]+\]|[^/:\s[\]]+)(?::(\d{1,5}))?\/?$/i;

export function parseOriginRule(input: string): OriginRule {
  const text = input.trim();
  const match = RULE.exec(text);
  if (!match) {
    throw new Error(
      `"${text.slice(0, 100)}" is not an origin: use scheme://host[:port], host[:port] or *.domain (no path).`
    );
  }
  const [, scheme, star, rawHost, rawPort] = match;
  const port = rawPort === undefined ? undefined : Number(rawPort);
  if (port !== undefined && (port < 1 || port > 65535)) throw new Error(`"${text}" has a port outside 1-65535.`);
  // The URL parser turns 127.1, 0x7f000001 and IDN names into the spelling requests arrive in.
  let host: string;
  try {
    host = new URL(`http://${rawHost}`).hostname;
  } catch {
    throw new Error(`"${text.slice(0, 100)}" has an invalid host name.`);
  }
  host = normaliseHost(host);
  const ip = star ? undefined : parseIp(host);
  return {
    text,
    ...(scheme ? { scheme: scheme.toLowerCase() as 'http' | 'https' } : {}),
    host,
    wildcard: Boolean(star),
    ...(port !== undefined ? { port } : {}),
    ...(ip ? { ip } : {})
  };
}

/** Lower case, no IPv6 brackets, no trailing dot (`localhost.` is the same name as `localhost`). */
export function normaliseHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

function defaultPort(scheme: 'http' | 'https'): number {
  return scheme === 'https' ? 443 : 80;
}

function hostMatches(rule: OriginRule, host: string): boolean {
  if (!rule.wildcard) return host === rule.host;
  return host === rule.host || host.endsWith(`.${rule.host}`);
}

function portMatches(rule: OriginRule, destination: Destination): boolean {
  if (rule.port !== undefined) return destination.port === rule.port;
  if (rule.scheme) return destination.port === defaultPort(rule.scheme);
  if (destination.scheme) return destination.port === defaultPort(destination.scheme);
  return destination.port === 80 || destination.port === 443;
}

/** Whether a destination (by name, before DNS) falls under a rule. */
export function ruleMatches(rule: OriginRule, destination: Destination): boolean {
  if (rule.scheme && destination.scheme && rule.scheme !== destination.scheme) return false;
  return hostMatches(rule, normaliseHost(destination.host)) && portMatches(rule, destination);
}

/** IPv4 bytes of an address, looking through IPv4-mapped IPv6; other addresses as they are. */
function canonicalBytes(bytes: Uint8Array): Uint8Array {
  const mapped =
    bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/**
 * Whether a resolved address is the address an IP rule names, on a port and scheme the rule covers
 * (so a block on 10.0.0.5 also holds for a name resolving there).
 */
export function ruleNamesAddress(rule: OriginRule, address: string, destination?: Destination): boolean {
  if (!rule.ip) return false;
  if (destination) {
    if (rule.scheme && destination.scheme && rule.scheme !== destination.scheme) return false;
    if (!portMatches(rule, destination)) return false;
  }
  const bytes = parseIp(address);
  if (!bytes) return false;
  const a = canonicalBytes(bytes);
  const b = canonicalBytes(rule.ip);
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export function destinationOf(url: URL): Destination {
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return { scheme, host: url.hostname, port: Number(url.port || defaultPort(scheme)) };
}
