import dgram from 'node:dgram';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

// Tests, demos and benchmarks may only talk to loopback. The jail patches the layers every client
// library ends in (net.Socket#connect under http, https, tls, undici and pg; dgram; dns), so a
// connection anywhere else fails *before* the real connect, resolver or send is called: no packet
// leaves, and the violation is recorded for the test runner to fail the test that made it.

export interface JailViolation {
  /** 'connect', 'udp' or 'dns'. */
  kind: 'connect' | 'udp' | 'dns';
  /** host:port, address or name that was refused. */
  target: string;
  /** Where the attempt was made. */
  stack: string;
}

export class NetworkJailError extends Error {
  readonly code = 'ENETWORKJAIL';
  constructor(readonly violation: JailViolation) {
    super(
      `network jail: refused a ${violation.kind === 'dns' ? 'DNS lookup of' : violation.kind === 'udp' ? 'UDP packet to' : 'connection to'} ` +
        `${violation.target}. Tests may only reach loopback (127.0.0.0/8, ::1, localhost): point the client at a local ` +
        'fake (startFakeHttpService) or inject a resolver/connector to prove a refusal.'
    );
    this.name = 'NetworkJailError';
  }
}

/** 127.0.0.0/8, ::1 (and its IPv4-mapped forms), localhost and *.localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  const v4 = mapped ? mapped[1]! : h;
  if (net.isIPv4(v4)) return v4.split('.')[0] === '127';
  if (net.isIPv6(h)) return /^(?:0{0,4}:){1,7}0{0,3}1$|^::1$/.test(h);
  return false;
}

type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
type LookupCallback = (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void;
type Lookup = (host: string, options: object, callback: LookupCallback) => void;

interface ConnectTarget {
  path?: string | null;
  host?: string;
  port?: number | string;
  lookup?: Lookup;
}

/**
 * Wraps a Socket#connect so non-loopback targets never reach `original`. A host name other than
 * localhost is refused unless the caller brought its own `lookup` (a pinned or fake resolver);
 * then each address that lookup answers is checked before the socket may use it.
 */
export function guardConnect(original: Connect, onViolation: (v: JailViolation) => void): Connect {
  return function jailedConnect(this: net.Socket, ...args: unknown[]) {
    const normalized = Array.isArray(args[0]) ? (args[0] as unknown[]) : undefined;
    const target = connectTarget(normalized ? normalized : args);
    // A unix socket, judged as net does (`!!path`): http passes `path: null` for TCP requests.
    if (target.path) return original.apply(this, args);
    const host = target.host ?? 'localhost';
    if (isLoopbackHost(host)) return original.apply(this, args);
    if (!net.isIP(host) && typeof target.lookup === 'function') {
      const options = { ...target, lookup: guardLookup(target.lookup, String(target.port ?? ''), onViolation) };
      if (normalized) {
        normalized[0] = options;
        return original.apply(this, args);
      }
      return original.call(this, options, ...args.slice(1).filter((a) => typeof a === 'function'));
    }
    const error = refuse('connect', `${host}:${target.port ?? '?'}`, onViolation);
    // Fail like a refused connection, asynchronously, so callers' error paths run as in real life.
    process.nextTick(() => this.destroy(error));
    return this;
  };
}

function connectTarget(args: unknown[]): ConnectTarget {
  const [first, second] = args;
  if (first !== null && typeof first === 'object') return first as ConnectTarget;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)))
    return { port: first, host: typeof second === 'string' ? second : undefined };
  if (typeof first === 'string') return { path: first };
  return {};
}

function guardLookup(lookup: Lookup, port: string, onViolation: (v: JailViolation) => void): Lookup {
  return (host, options, callback) =>
    lookup(host, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const outside = addresses.find((a) => !isLoopbackHost(a));
      if (outside !== undefined)
        return callback(refuse('connect', `${host} (${outside}):${port}`, onViolation), address, family);
      callback(null, address, family);
    });
}

function refuse(
  kind: JailViolation['kind'],
  target: string,
  onViolation: (v: JailViolation) => void
): NetworkJailError {
  const violation: JailViolation = { kind, target, stack: new Error().stack?.split('\n').slice(3).join('\n') ?? '' };
  onViolation(violation);
  return new NetworkJailError(violation);
}

export interface NetworkJail {
  /** Violations since the last take, oldest first; clears them. */
  takeViolations(): JailViolation[];
  /** Puts the original functions back. */
  uninstall(): void;
}

const RESOLVE_METHODS = [
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTxt',
  'reverse'
] as const;

let installed: NetworkJail | undefined;
// One record per process, so a jail re-installed (a test of the jail itself) reports to the same runner.
const violations: JailViolation[] = [];

/**
 * Installs the jail in this process (idempotent: a second call returns the first jail).
 * `onViolation` runs synchronously at the refused attempt, before any error reaches the caller.
 */
export function installNetworkJail(options: { onViolation?: (v: JailViolation) => void } = {}): NetworkJail {
  if (installed) return installed;
  const record = (v: JailViolation) => {
    violations.push(v);
    options.onViolation?.(v);
  };
  const restore: Array<() => void> = [];
  const patch = <T extends object, K extends keyof T>(target: T, key: K, replacement: (original: T[K]) => T[K]) => {
    const original = target[key];
    if (typeof original !== 'function') return;
    target[key] = replacement(original);
    restore.push(() => (target[key] = original));
  };

  patch(net.Socket.prototype, 'connect', (original) => guardConnect(original as unknown as Connect, record) as never);

  for (const proto of [dgram.Socket.prototype]) {
    patch(
      proto,
      'send',
      (original) =>
        function jailedSend(this: dgram.Socket, ...args: unknown[]) {
          const address = udpAddress(args);
          if (address === undefined || isLoopbackHost(address))
            return (original as (...a: unknown[]) => void).apply(this, args);
          const error = refuse('udp', address, record);
          const callback = args.findLast((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
          process.nextTick(() => (callback ? callback(error) : this.emit('error', error)));
        } as never
    );
    patch(
      proto,
      'connect',
      (original) =>
        function jailedUdpConnect(this: dgram.Socket, port: number, address?: unknown, callback?: unknown) {
          if (typeof address !== 'string' || isLoopbackHost(address))
            return (original as (...a: unknown[]) => void).call(this, port, address, callback);
          const error = refuse('udp', `${address}:${port}`, record);
          process.nextTick(() => this.emit('error', error));
        } as never
    );
  }

  const dnsRefusal = (host: unknown) =>
    typeof host === 'string' && !isLoopbackHost(host) && !net.isIP(host) ? refuse('dns', host, record) : undefined;
  const dnsNotFound = (error: NetworkJailError) => Object.assign(error, { code: 'ENOTFOUND' as const });
  patch(
    dns,
    'lookup',
    (original) =>
      function jailedLookup(host: string, ...rest: unknown[]) {
        const error = dnsRefusal(host);
        if (!error) return (original as (...a: unknown[]) => void)(host, ...rest);
        const callback = rest.findLast((a) => typeof a === 'function') as (e: Error) => void;
        process.nextTick(() => callback(dnsNotFound(error)));
      } as never
  );
  patch(
    dns.promises,
    'lookup',
    (original) =>
      async function jailedLookup(host: string, ...rest: unknown[]) {
        const error = dnsRefusal(host);
        if (error) throw dnsNotFound(error);
        return (original as (...a: unknown[]) => unknown)(host, ...rest);
      } as never
  );
  // Resolver queries go to the configured DNS servers whatever the name: none are allowed.
  const refuseQuery = (name: string) => (host: unknown) => refuse('dns', `${String(host)} (dns.${name})`, record);
  for (const name of RESOLVE_METHODS) {
    for (const target of [dns, dns.Resolver.prototype] as Record<string, unknown>[]) {
      patch(
        target,
        name,
        () =>
          function jailedResolve(host: unknown, ...rest: unknown[]) {
            const error = refuseQuery(name)(host);
            const callback = rest.findLast((a) => typeof a === 'function') as (e: Error) => void;
            process.nextTick(() => callback?.(error));
          } as never
      );
    }
    for (const target of [dns.promises, dns.promises.Resolver.prototype] as Record<string, unknown>[]) {
      patch(
        target,
        name,
        () =>
          async function jailedResolve(host: unknown) {
            throw refuseQuery(name)(host);
          } as never
      );
    }
  }
  syncBuiltinESMExports();

  installed = {
    takeViolations: () => violations.splice(0),
    uninstall() {
      for (const undo of restore.reverse()) undo();
      syncBuiltinESMExports();
      installed = undefined;
    }
  };
  return installed;
}

/** dgram send's address: send(msg, [offset, length,] port, address, cb), or undefined when defaulted. */
function udpAddress(args: unknown[]): string | undefined {
  const withRange = typeof args[1] === 'number' && typeof args[2] === 'number' && typeof args[3] === 'number';
  const address = withRange ? args[4] : args[2];
  return typeof address === 'string' ? address : undefined;
}

/** A readable report of violations, for a failing afterEach or a script's stderr. */
export function describeViolations(violations: JailViolation[]): string {
  return violations.map((v) => `${new NetworkJailError(v).message}\n${v.stack}`).join('\n\n');
}
