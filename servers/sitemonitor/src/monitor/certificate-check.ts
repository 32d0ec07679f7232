import { isIP } from 'node:net';
import {
  checkServerIdentity,
  connect,
  type DetailedPeerCertificate,
  type PeerCertificate,
  type SecureContext,
  type TLSSocket
} from 'node:tls';
import {
  asOutboundError,
  OutboundError,
  pinnedLookup,
  type OutboundPolicy,
  type ResolvedTarget
} from '@mcp-catalog/shared';
import { daysUntil, roundMs } from './time.js';

export type CertificateVerdict = 'valid' | 'expiring' | 'invalid';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
}

export interface CertificateReport {
  host: string;
  port: number;
  checkedAt: string;
  remoteAddress: string;
  verdict: CertificateVerdict;
  reason: string;
  daysLeft: number;
  validFrom: string;
  validTo: string;
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  serialNumber: string;
  fingerprint256: string;
  selfSigned: boolean;
  /** Whether the chain verifies against the trusted CAs (dates included). */
  chainValid: boolean;
  chainError: string | null;
  /** Whether the certificate names the host (SAN or CN). */
  hostnameMatches: boolean;
  hostnameError: string | null;
  protocol: string | null;
  cipher: string;
  /** Leaf first, as the server sent it (at most 10). */
  chain: CertificateSummary[];
  timings: { dnsMs: number; connectMs: number; tlsMs: number };
}

export interface CertificateCheckOptions {
  timeoutMs: number;
  warningDays: number;
  /** Trust beyond Node's default CAs. */
  secureContext?: SecureContext;
  signal?: AbortSignal;
}

const MAX_CHAIN = 10;
const NOT_TLS = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'EPROTO'
]);

/** Resolves "host", "host:port" or an https URL to the URL the outbound policy checks. */
function certificateTarget(policy: OutboundPolicy, input: string): { url: URL; port: number } {
  const text = input.trim();
  const url = policy.parseUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  if (url.protocol !== 'https:') {
    throw new OutboundError(
      'unsupported_scheme',
      `"${url.protocol}" URLs have no certificate to check.`,
      'Give an https:// URL or a host name such as example.com or example.com:8443.'
    );
  }
  return { url, port: Number(url.port || 443) };
}

/**
 * Connects with TLS to a host the policy allows and reports its certificate. Verification is off
 * for the handshake so that expired, self-signed and mismatched certificates are reported rather
 * than refused; chain trust and name match are then judged separately.
 */
export async function checkCertificate(
  policy: OutboundPolicy,
  input: string,
  options: CertificateCheckOptions
): Promise<CertificateReport> {
  const { url, port } = certificateTarget(policy, input);
  const target = await policy.resolve(url, options.signal);
  const checkedAt = new Date();
  const { socket, connectMs, tlsMs } = await handshake(target, port, options);
  try {
    const leaf = socket.getPeerCertificate(true);
    if (!leaf || !leaf.raw)
      throw new OutboundError(
        'tls_error',
        'The server sent no certificate.',
        'Check the TLS configuration of the server.'
      );
    const identityError = checkServerIdentity(target.hostname, leaf);
    const chainError =
      socket.authorized || socket.authorizationError?.toString() === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? null
        : String(socket.authorizationError);
    const validFrom = new Date(leaf.valid_from);
    const validTo = new Date(leaf.valid_to);
    const daysLeft = daysUntil(validTo, checkedAt);
    const report = {
      host: target.hostname,
      port,
      checkedAt: checkedAt.toISOString(),
      remoteAddress: socket.remoteAddress ?? '',
      daysLeft,
      validFrom: validFrom.toISOString(),
      validTo: validTo.toISOString(),
      subject: distinguishedName(leaf.subject),
      issuer: distinguishedName(leaf.issuer),
      subjectAltNames: leaf.subjectaltname ? leaf.subjectaltname.split(', ').slice(0, 100) : [],
      serialNumber: leaf.serialNumber,
      fingerprint256: leaf.fingerprint256,
      selfSigned: isSelfSigned(leaf),
      chainValid: chainError === null,
      chainError,
      hostnameMatches: identityError === undefined,
      hostnameError: identityError?.message ?? null,
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      chain: chainOf(leaf),
      timings: { dnsMs: roundMs(target.dnsMs), connectMs: roundMs(connectMs), tlsMs: roundMs(tlsMs) }
    };
    return { ...report, ...judge(report, validFrom, checkedAt, options.warningDays) };
  } finally {
    socket.destroy();
  }
}

function judge(
  report: Pick<CertificateReport, 'daysLeft' | 'chainValid' | 'chainError' | 'hostnameMatches' | 'host' | 'selfSigned'>,
  validFrom: Date,
  now: Date,
  warningDays: number
): { verdict: CertificateVerdict; reason: string } {
  const problems: string[] = [];
  if (report.daysLeft < 0) problems.push(`expired ${-report.daysLeft} day(s) ago`);
  if (validFrom > now) problems.push('not valid yet');
  if (!report.chainValid && report.chainError !== 'CERT_HAS_EXPIRED' && report.chainError !== 'CERT_NOT_YET_VALID') {
    problems.push(`not trusted (${report.selfSigned ? 'self-signed, ' : ''}${report.chainError})`);
  }
  if (!report.hostnameMatches) problems.push(`does not name ${report.host}`);
  if (problems.length) return { verdict: 'invalid', reason: `The certificate is ${problems.join(', ')}.` };
  if (report.daysLeft <= warningDays)
    return {
      verdict: 'expiring',
      reason: `The certificate is valid but expires in ${report.daysLeft} day(s) (warning at ${warningDays}).`
    };
  return { verdict: 'valid', reason: `The certificate is valid for ${report.daysLeft} more day(s).` };
}

function handshake(
  target: ResolvedTarget,
  port: number,
  options: CertificateCheckOptions
): Promise<{ socket: TLSSocket; connectMs: number; tlsMs: number }> {
  const started = performance.now();
  let connectedAt = started;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: target.hostname,
      port,
      ...(isIP(target.hostname) ? {} : { servername: target.hostname }),
      lookup: pinnedLookup(target),
      rejectUnauthorized: false,
      ...(options.secureContext ? { secureContext: options.secureContext } : {})
    });
    const fail = (error: unknown) => {
      cleanup();
      socket.destroy();
      const code = (error as NodeJS.ErrnoException)?.code ?? '';
      reject(
        NOT_TLS.has(code)
          ? new OutboundError(
              'tls_error',
              `The server on port ${port} did not answer with TLS (${code}).`,
              'Is it plain HTTP? Check the port.'
            )
          : asOutboundError(error)
      );
    };
    const timer = setTimeout(
      () =>
        fail(
          new OutboundError(
            'timeout',
            `No TLS handshake within ${options.timeoutMs} ms.`,
            'The host is slow or not answering; check the port.'
          )
        ),
      options.timeoutMs
    );
    const onAbort = () => fail(options.signal?.reason);
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => (connectedAt = performance.now()));
    socket.once('secureConnect', () => {
      cleanup();
      const now = performance.now();
      resolve({ socket, connectMs: connectedAt - started, tlsMs: now - connectedAt });
    });
    socket.once('error', fail);
  });
}

function distinguishedName(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

function isSelfSigned(leaf: DetailedPeerCertificate): boolean {
  const issuer = leaf.issuerCertificate;
  if (issuer && issuer.fingerprint256) return issuer.fingerprint256 === leaf.fingerprint256;
  return distinguishedName(leaf.subject) === distinguishedName(leaf.issuer);
}

function chainOf(leaf: DetailedPeerCertificate): CertificateSummary[] {
  const chain: CertificateSummary[] = [];
  let current: DetailedPeerCertificate | undefined = leaf;
  while (current?.raw && chain.length < MAX_CHAIN) {
    chain.push({
      subject: distinguishedName(current.subject),
      issuer: distinguishedName(current.issuer),
      validFrom: new Date(current.valid_from).toISOString(),
      validTo: new Date(current.valid_to).toISOString(),
      fingerprint256: current.fingerprint256
    });
    const next: DetailedPeerCertificate | undefined = current.issuerCertificate;
    if (!next || next.fingerprint256 === current.fingerprint256) break;
    current = next;
  }
  return chain;
}
