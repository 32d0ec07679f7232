import { isIP } from 'node:net';

/**
 * What kind of destination an IP address is. `public` is the only range an outbound request from
 * a server may reach by default; the others name why an address is refused.
 */
export type AddressRange =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'reserved'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'metadata';

interface Cidr {
  bytes: Uint8Array;
  bits: number;
  range: AddressRange;
}

function cidr(text: string, range: AddressRange): Cidr {
  const [address, bits] = text.split('/');
  const bytes = parseIp(address!);
  if (!bytes) throw new Error(`bad CIDR ${text}`);
  return { bytes, bits: Number(bits ?? bytes.length * 8), range };
}

// First match wins, so the cloud metadata endpoints come before the ranges that contain them.
const IPV4_RANGES: readonly Cidr[] = [
  cidr('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
  cidr('169.254.170.2/32', 'metadata'), // AWS ECS task credentials
  cidr('169.254.170.23/32', 'metadata'), // AWS EKS pod identity
  cidr('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  cidr('192.0.0.192/32', 'metadata'), // Oracle Cloud Classic
  cidr('0.0.0.0/8', 'unspecified'), // "this network": 0.0.0.0 reaches localhost on Linux
  cidr('127.0.0.0/8', 'loopback'),
  cidr('10.0.0.0/8', 'private'),
  cidr('172.16.0.0/12', 'private'),
  cidr('192.168.0.0/16', 'private'),
  cidr('169.254.0.0/16', 'link-local'),
  cidr('100.64.0.0/10', 'cgnat'),
  cidr('255.255.255.255/32', 'broadcast'),
  cidr('224.0.0.0/4', 'multicast'),
  cidr('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  cidr('192.0.2.0/24', 'reserved'), // TEST-NET-1
  cidr('192.88.99.0/24', 'reserved'), // former 6to4 relay anycast
  cidr('198.18.0.0/15', 'reserved'), // benchmarking
  cidr('198.51.100.0/24', 'reserved'), // TEST-NET-2
  cidr('203.0.113.0/24', 'reserved'), // TEST-NET-3
  cidr('240.0.0.0/4', 'reserved')
];

const IPV6_RANGES: readonly Cidr[] = [
  cidr('fd00:ec2::254/128', 'metadata'), // AWS IMDS over IPv6
  cidr('fd00:ec2::23/128', 'metadata'), // AWS EKS pod identity over IPv6
  cidr('::/128', 'unspecified'),
  cidr('::1/128', 'loopback'),
  cidr('64:ff9b:1::/48', 'private'), // local-use NAT64
  cidr('100::/64', 'reserved'), // discard-only
  cidr('2001::/32', 'reserved'), // Teredo: the real peer is hidden in the address
  cidr('2001:2::/48', 'reserved'), // benchmarking
  cidr('2001:10::/28', 'reserved'), // ORCHID
  cidr('2001:20::/28', 'reserved'), // ORCHIDv2
  cidr('2001:db8::/32', 'reserved'), // documentation
  cidr('3fff::/20', 'reserved'), // documentation
  cidr('fc00::/7', 'private'), // unique local
  cidr('fe80::/10', 'link-local'),
  cidr('fec0::/10', 'private'), // deprecated site-local
  cidr('ff00::/8', 'multicast')
];

const GLOBAL_UNICAST_V6 = cidr('2000::/3', 'public');

/**
 * IPv6 prefixes whose last 32 bits (or, for 6to4, bits 16-47) are an IPv4 address the packet is
 * really delivered to; the IPv4 rules apply to that address.
 */
const EMBEDDED_V4: ReadonlyArray<{ prefix: Cidr; offset: number }> = [
  { prefix: cidr('::ffff:0:0/96', 'public'), offset: 12 }, // IPv4-mapped
  { prefix: cidr('::ffff:0:0:0/96', 'public'), offset: 12 }, // IPv4-translated (SIIT)
  { prefix: cidr('64:ff9b::/96', 'public'), offset: 12 }, // NAT64 well-known prefix
  { prefix: cidr('::/96', 'public'), offset: 12 }, // IPv4-compatible (deprecated)
  { prefix: cidr('2002::/16', 'public'), offset: 2 } // 6to4
];

/** Parses an IPv4 or IPv6 literal (IPv6 may carry a %zone and [brackets]) into 4 or 16 bytes. */
export function parseIp(text: string): Uint8Array | undefined {
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // indexOf, not /%.*$/: that rescans from every "%" when a newline follows (quadratic).
  const zone = unbracketed.indexOf('%');
  const bare = zone >= 0 ? unbracketed.slice(0, zone) : unbracketed;
  const version = isIP(bare);
  if (version === 4) return Uint8Array.from(bare.split('.').map(Number));
  if (version !== 6) return undefined;

  let head = bare;
  let tailV4: number[] = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted) {
    tailV4 = dotted[1]!.split('.').map(Number);
    head = bare.slice(0, dotted.index + 1) + '0:0';
  }
  const [left, right] = head.split('::') as [string, string | undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').filter((g) => g !== '') : []);
  const leftGroups = groups(left);
  const rightGroups = groups(right);
  const missing = 8 - leftGroups.length - rightGroups.length;
  const all = [...leftGroups, ...Array<string>(right === undefined ? 0 : missing).fill('0'), ...rightGroups];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  if (tailV4.length) bytes.set(tailV4, 12);
  return bytes;
}

function matches(bytes: Uint8Array, range: Cidr): boolean {
  if (bytes.length !== range.bytes.length) return false;
  let bits = range.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (range.bytes[i]! & mask)) return false;
  }
  return true;
}

function classifyBytes(bytes: Uint8Array): AddressRange {
  if (bytes.length === 4) return IPV4_RANGES.find((r) => matches(bytes, r))?.range ?? 'public';
  const direct = IPV6_RANGES.find((r) => matches(bytes, r));
  if (direct) return direct.range;
  const embedded = EMBEDDED_V4.find((e) => matches(bytes, e.prefix));
  if (embedded) return classifyBytes(bytes.slice(embedded.offset, embedded.offset + 4));
  return matches(bytes, GLOBAL_UNICAST_V6) ? 'public' : 'reserved';
}

/**
 * The range an IP address belongs to, looking through IPv6 forms that carry an IPv4 address
 * (mapped, translated, NAT64, compatible, 6to4). Returns undefined for text that is not an IP.
 */
export function classifyAddress(ip: string): AddressRange | undefined {
  const bytes = parseIp(ip);
  return bytes ? classifyBytes(bytes) : undefined;
}

/** Never a website: refused even when the operator allows private targets. */
const ALWAYS_REFUSED: ReadonlySet<AddressRange> = new Set(['unspecified', 'multicast', 'broadcast', 'metadata']);

/** Whether an outbound connection may go to `ip` under the given switch. */
export function isAddressAllowed(
  ip: string,
  options: { allowPrivate?: boolean } = {}
): { allowed: boolean; range: AddressRange | undefined } {
  const range = classifyAddress(ip);
  if (range === undefined) return { allowed: false, range };
  if (range === 'public') return { allowed: true, range };
  return { allowed: Boolean(options.allowPrivate) && !ALWAYS_REFUSED.has(range), range };
}
