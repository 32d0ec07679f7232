import type { IncomingHttpHeaders } from 'node:http';
import type { SecureContext } from 'node:tls';
import {
  guardedRequest,
  OutboundError,
  RequestFailedError,
  type GuardedResponse,
  type Hop,
  type OutboundPolicy,
  type PhaseTimings
} from '@mcp-catalog/shared';
import { daysUntil, roundMs } from './time.js';

export type Verdict = 'up' | 'degraded' | 'down';

export interface SiteCheckOptions {
  method: 'GET' | 'HEAD';
  /** Acceptable final status codes; undefined means any status below 400. */
  expectedStatus?: readonly number[] | undefined;
  /** Case-sensitive text the body must contain (searched in the bytes read). */
  expectedText?: string | undefined;
  timeoutMs: number;
  maxRedirects: number;
  /** Slower than this (whole check) is degraded. */
  slowMs?: number | undefined;
  /** An https certificate expiring within this many days is degraded. */
  sslWarningDays?: number | undefined;
  /** Carry on past an untrusted certificate (the check is then degraded, not down). */
  ignoreTlsErrors?: boolean;
  signal?: AbortSignal;
}

export interface RedirectStep {
  url: string;
  status: number;
  location: string;
}

export interface TlsSummary {
  protocol: string | null;
  cipher: string;
  trusted: boolean;
  error: string | null;
  validTo: string;
  daysLeft: number;
}

export interface SiteCheckResult {
  url: string;
  finalUrl: string;
  checkedAt: string;
  verdict: Verdict;
  reason: string;
  statusCode: number | null;
  statusText: string | null;
  /** Whole check including redirects, in ms. */
  totalMs: number;
  /** Phases of the final request; null when it never got a response. */
  timings: PhaseTimings | null;
  remoteAddress: string | null;
  redirects: RedirectStep[];
  headers: Record<string, string>;
  tls: TlsSummary | null;
  body: { bytesRead: number; truncated: boolean; expectedTextFound: boolean | null };
  /** Why the request failed (timeout, connection_refused, tls_error...); null when a response arrived. */
  errorCode: string | null;
}

/** Response headers worth showing: what a person debugging a site looks at first. */
const REPORTED_HEADERS = [
  'content-type',
  'content-length',
  'server',
  'date',
  'cache-control',
  'age',
  'etag',
  'last-modified',
  'location',
  'retry-after',
  'strict-transport-security',
  'x-powered-by',
  'via',
  'x-cache',
  'cf-ray'
];

// Sites choose their status text and Location headers (up to Node's 16 KiB header limit); keep
// what is stored per check and shown to the model small.
const MAX_STATUS_TEXT = 120;
const MAX_URL = 2048;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface SiteCheckerOptions {
  policy: OutboundPolicy;
  /** Trust beyond Node's default CAs (system roots plus the operator's); built once, reused per check. */
  secureContext?: SecureContext;
  maxResponseBytes: number;
  userAgent: string;
}

/** Runs one HTTP(S) check and judges it. Never throws for a site's failure: that is a "down" verdict. */
export class SiteChecker {
  constructor(private readonly options: SiteCheckerOptions) {}

  async check(url: string, options: SiteCheckOptions): Promise<SiteCheckResult> {
    const checkedAt = new Date();
    try {
      const response = await guardedRequest(this.options.policy, url, {
        method: options.method,
        headers: { 'user-agent': this.options.userAgent, accept: '*/*', 'accept-encoding': 'identity' },
        maxRedirects: options.maxRedirects,
        timeoutMs: options.timeoutMs,
        maxBodyBytes: this.options.maxResponseBytes,
        tls: {
          ...(this.options.secureContext ? { secureContext: this.options.secureContext } : {}),
          rejectUnauthorized: !options.ignoreTlsErrors
        },
        ...(options.signal ? { signal: options.signal } : {})
      });
      return judgeResponse(url, checkedAt, response, options);
    } catch (error) {
      if (!(error instanceof OutboundError)) throw error;
      return judgeFailure(url, checkedAt, error);
    }
  }
}

function judgeResponse(
  url: string,
  checkedAt: Date,
  response: GuardedResponse,
  options: SiteCheckOptions
): SiteCheckResult {
  const final = response.hops.at(-1)!;
  const text =
    options.expectedText === undefined ? null : response.body.toString('utf8').includes(options.expectedText);
  const tls = final.tls ? summarizeTls(final, checkedAt) : null;
  const base = {
    url,
    finalUrl: response.url,
    checkedAt: checkedAt.toISOString(),
    statusCode: response.status,
    statusText: clip(response.statusText, MAX_STATUS_TEXT),
    totalMs: roundMs(response.totalMs),
    timings: final.timings,
    remoteAddress: final.remoteAddress || null,
    redirects: redirectsOf(response.hops.slice(0, -1)),
    headers: selectHeaders(response.headers),
    tls,
    body: { bytesRead: response.body.length, truncated: response.truncated, expectedTextFound: text },
    errorCode: null
  };

  const statusOk = options.expectedStatus ? options.expectedStatus.includes(response.status) : response.status < 400;
  if (!statusOk) {
    const expected = `expected ${options.expectedStatus ? options.expectedStatus.join(' or ') : 'a status below 400'}`;
    return {
      ...base,
      verdict: 'down',
      reason: `HTTP ${response.status} ${base.statusText}`.trim() + ` (${expected}).`
    };
  }
  if (text === false) {
    const scope = response.truncated ? ` in the first ${response.body.length} bytes` : '';
    return { ...base, verdict: 'down', reason: `The expected text was not found${scope} of the response body.` };
  }

  const warnings: string[] = [];
  if (options.slowMs !== undefined && base.totalMs > options.slowMs)
    warnings.push(`slow: ${Math.round(base.totalMs)} ms, over the ${options.slowMs} ms threshold`);
  if (tls && !tls.trusted)
    warnings.push(`the certificate is not trusted (${tls.error}); checked anyway because TLS errors were ignored`);
  if (tls && options.sslWarningDays !== undefined && tls.daysLeft <= options.sslWarningDays) {
    warnings.push(
      tls.daysLeft < 0
        ? `the certificate expired ${-tls.daysLeft} day(s) ago`
        : `the certificate expires in ${tls.daysLeft} day(s)`
    );
  }
  if (warnings.length)
    return { ...base, verdict: 'degraded', reason: `HTTP ${response.status}, but ${warnings.join('; ')}.` };
  return {
    ...base,
    verdict: 'up',
    reason: `HTTP ${response.status} ${base.statusText}`.trim() + ` in ${Math.round(base.totalMs)} ms.`
  };
}

function judgeFailure(url: string, checkedAt: Date, error: OutboundError): SiteCheckResult {
  const failed = error instanceof RequestFailedError ? error : undefined;
  const hops = failed?.hops ?? [];
  return {
    url,
    finalUrl: clip(failed?.url ?? url, MAX_URL),
    checkedAt: checkedAt.toISOString(),
    verdict: 'down',
    reason: error.hint ? `${error.message} ${error.hint}` : error.message,
    statusCode: null,
    statusText: null,
    totalMs: roundMs(failed?.totalMs ?? 0),
    timings: null,
    remoteAddress: null,
    redirects: redirectsOf(hops),
    headers: {},
    tls: null,
    body: { bytesRead: 0, truncated: false, expectedTextFound: null },
    errorCode: error.code
  };
}

function redirectsOf(hops: readonly Hop[]): RedirectStep[] {
  return hops.map((hop) => ({
    url: hop.url,
    status: hop.status,
    location: clip(String(hop.headers.location ?? ''), MAX_URL)
  }));
}

function summarizeTls(hop: Hop, now: Date): TlsSummary {
  const tls = hop.tls!;
  const validTo = new Date(tls.certificate.valid_to);
  return {
    protocol: tls.protocol,
    cipher: tls.cipher,
    trusted: tls.authorized,
    error: tls.authorizationError ?? null,
    validTo: validTo.toISOString(),
    daysLeft: daysUntil(validTo, now)
  };
}

function selectHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const selected: Record<string, string> = {};
  for (const name of REPORTED_HEADERS) {
    const value = headers[name];
    if (value === undefined) continue;
    selected[name] = clip(Array.isArray(value) ? value.join(', ') : value, 300);
  }
  return selected;
}
