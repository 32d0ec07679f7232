import { Fence, OutboundError, safeLine, ToolError, untrustedNotice } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../settings.js';
import type { SiteCheckResult } from '../monitor/site-check.js';
import type { CheckRecord, Incident, Monitor } from '../monitor/store.js';
import type { Deps } from '../deps.js';

// Input pieces several tools share, with the bounds a hostile caller meets.

export const urlInput = z
  .string()
  .trim()
  .min(1, 'url must not be empty')
  .max(2048, 'url must be at most 2048 characters')
  .describe('Absolute http:// or https:// URL, e.g. https://example.com/health.');

// Line breaks would split a listing; bidi and hidden characters make a name display as another.
export const monitorNameInput = safeLine({ label: 'name', max: 100 });

export const monitorIdInput = z
  .number()
  .int('monitorId must be a whole number')
  .positive('monitorId must be a positive monitor id')
  .describe('Monitor id, as returned by add_monitor or list_monitors.');

export const methodInput = z
  .enum(['GET', 'HEAD'])
  .describe('HTTP method. HEAD skips the body, so it cannot match expectedText.');

export const expectedStatusInput = z
  .array(z.number().int().min(100, 'status codes run from 100').max(599, 'status codes run to 599'))
  .min(1, 'expectedStatus needs at least one code')
  .max(20, 'expectedStatus takes at most 20 codes')
  .describe('Status codes that count as up, e.g. [200] or [200, 301]. Default: any status below 400.');

export const expectedTextInput = z
  .string()
  .min(1, 'expectedText must not be empty')
  .max(500, 'expectedText must be at most 500 characters')
  .describe('Case-sensitive text the response body must contain (searched in the bytes read, 1 MiB by default).');

export const slowMsInput = z
  .number()
  .int()
  .min(1)
  .max(600_000)
  .describe('A response slower than this many milliseconds is "degraded".');

export const sslWarningDaysInput = z
  .number()
  .int()
  .min(0)
  .max(365)
  .describe('An https certificate expiring within this many days makes the check "degraded".');

export const timeoutSecondsInput = z
  .number()
  .int()
  .min(1)
  .max(120)
  .describe('Time limit for the whole check in seconds, redirects included.');

export const intervalInput = z
  .number()
  .int('intervalSeconds must be a whole number of seconds')
  .positive('intervalSeconds must be positive')
  .max(604_800, 'intervalSeconds must be at most 604800 (a week)')
  .describe('Seconds between checks (the server sets a minimum, 30 by default).');

export const offsetInput = z
  .number()
  .int()
  .min(0)
  .max(1_000_000)
  .default(0)
  .describe('Items to skip, for paging: use the nextOffset of the previous page.');

export const pageLimitInput = (max: number, fallback: number) =>
  z.number().int().min(1).max(max).default(fallback).describe(`Items per page (1-${max}).`);

// Output schemas.

export const verdictSchema = z.enum(['up', 'degraded', 'down']);
export const monitorStatusSchema = z.enum(['pending', 'up', 'degraded', 'down']);

export const timingsSchema = z.object({
  dnsMs: z.number(),
  connectMs: z.number(),
  tlsMs: z.number().nullable(),
  firstByteMs: z.number(),
  totalMs: z.number().optional()
});

export const siteCheckSchema = z.object({
  url: z.string(),
  finalUrl: z.string(),
  checkedAt: z.string(),
  verdict: verdictSchema,
  reason: z.string(),
  statusCode: z.number().nullable(),
  statusText: z.string().nullable(),
  totalMs: z.number(),
  timings: timingsSchema.nullable(),
  remoteAddress: z.string().nullable(),
  redirects: z.array(z.object({ url: z.string(), status: z.number(), location: z.string() })),
  headers: z.record(z.string(), z.string()),
  tls: z
    .object({
      protocol: z.string().nullable(),
      cipher: z.string(),
      trusted: z.boolean(),
      error: z.string().nullable(),
      validTo: z.string(),
      daysLeft: z.number()
    })
    .nullable(),
  body: z.object({ bytesRead: z.number(), truncated: z.boolean(), expectedTextFound: z.boolean().nullable() }),
  errorCode: z.string().nullable()
});

export const monitorSchema = z.object({
  id: z.number(),
  name: z.string(),
  url: z.string(),
  method: z.enum(['GET', 'HEAD']),
  intervalSeconds: z.number(),
  timeoutSeconds: z.number(),
  expectedStatus: z.array(z.number()).nullable(),
  expectedText: z.string().nullable(),
  slowMs: z.number().nullable(),
  sslWarningDays: z.number(),
  paused: z.boolean(),
  status: monitorStatusSchema,
  statusReason: z.string().nullable(),
  statusSince: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  nextRunAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string()
});

export const checkRecordSchema = z.object({
  id: z.number(),
  monitorId: z.number(),
  checkedAt: z.string(),
  verdict: verdictSchema,
  reason: z.string(),
  statusCode: z.number().nullable(),
  errorCode: z.string().nullable(),
  totalMs: z.number().nullable(),
  timings: timingsSchema.nullable(),
  certDaysLeft: z.number().nullable(),
  finalUrl: z.string().nullable()
});

export const incidentSchema = z.object({
  id: z.number(),
  monitorId: z.number(),
  monitorName: z.string(),
  url: z.string(),
  open: z.boolean(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number(),
  cause: z.string(),
  errorCode: z.string().nullable(),
  statusCode: z.number().nullable(),
  failedChecks: z.number(),
  resolution: z.string().nullable()
});

export { pageOutput as pageSchema } from '@mcp-catalog/shared';

// Behaviour several tools share.

export function monitorNotFound(id: number): ToolError {
  return new ToolError(`No monitor has id ${id}.`, {
    hint: 'Call list_monitors to see the existing ids.',
    argument: 'monitorId'
  });
}

/** pause_monitor and resume_monitor: one switch behind two tools, so each name says what it does. */
export function setPaused(deps: Deps, id: number, paused: boolean) {
  const before = getMonitorOrFail(deps, id);
  const monitor = deps.service.setPaused(id, paused);
  if (!monitor) throw monitorNotFound(id);
  const what = before.paused === paused ? `was already ${paused ? 'paused' : 'active'}` : paused ? 'paused' : 'resumed';
  return { structured: { monitor, wasPaused: before.paused }, text: `Monitor ${what}: ${describeMonitor(monitor)}.` };
}

export function getMonitorOrFail(deps: Deps, id: number): Monitor {
  const monitor = deps.store.getMonitor(id);
  if (!monitor) throw monitorNotFound(id);
  return monitor;
}

/** A refused or malformed URL is the caller's to fix: say what the policy said. */
export function toToolError(error: OutboundError, argument = 'url'): ToolError {
  return new ToolError(error.message, { ...(error.hint ? { hint: error.hint } : {}), argument });
}

/** Checks a URL against the outbound policy (shape, then DNS and addresses) before it is stored. */
export async function vetUrl(deps: Deps, url: string, signal: AbortSignal): Promise<string> {
  try {
    const target = await deps.policy.resolve(url, signal);
    return target.url.href;
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    // A name that does not resolve yet may be a site being set up: monitoring will show it down.
    if (error.code === 'dns_failure') return deps.policy.parseUrl(url).href;
    throw toToolError(error);
  }
}

export function checkInterval(config: Config, intervalSeconds: number): void {
  if (intervalSeconds < config.minIntervalSeconds) {
    throw new ToolError(
      `intervalSeconds ${intervalSeconds} is below this server's minimum of ${config.minIntervalSeconds} s.`,
      {
        hint: `Use ${config.minIntervalSeconds} or more.`,
        argument: 'intervalSeconds'
      }
    );
  }
}

export function checkTimeout(config: Config, timeoutSeconds: number | undefined): number {
  if (timeoutSeconds === undefined) return config.timeoutSeconds;
  if (timeoutSeconds > config.timeoutSeconds) {
    throw new ToolError(`timeoutSeconds ${timeoutSeconds} is over this server's limit of ${config.timeoutSeconds} s.`, {
      hint: `Use at most ${config.timeoutSeconds}, or leave it out for the default.`,
      argument: 'timeoutSeconds'
    });
  }
  return timeoutSeconds;
}

export function refuseTextWithHead(method: string | undefined, expectedText: string | null | undefined): void {
  if (method === 'HEAD' && expectedText) {
    throw new ToolError('expectedText cannot be checked with method HEAD: a HEAD response has no body.', {
      hint: 'Use method GET, or drop expectedText.',
      argument: 'expectedText'
    });
  }
}

/** "Showing 1-50 of 120; call again with offset 50 for more." */
export function pageNote(offset: number, shown: number, total: number, noun: string): string {
  if (total === 0) return `No ${noun}.`;
  if (shown === 0) return `No ${noun} at offset ${offset} (there are ${total}); use a smaller offset.`;
  const more = offset + shown < total ? `; call again with offset ${offset + shown} for more` : '';
  return `Showing ${noun} ${offset + 1}-${offset + shown} of ${total}${more}.`;
}

// Sites choose their status text, redirect targets and certificate names, and a check's reason or an
// incident's cause quotes them: in text results all of it is fenced as someone else's words.
const SITE_TEXT_NOTICE = untrustedNotice(
  'the monitored sites and their servers (status text, redirect targets, certificate names)',
  {
    refuse: 'add, change or remove monitors'
  }
);

/** The lines of a text result, led by the untrusted-text notice when any of them carries fenced text. */
export function fencedText(lines: string[], fence: Fence): string {
  const fenced = lines.some((line) => line.includes(fence.id));
  return (fenced ? [SITE_TEXT_NOTICE, ...lines] : lines).join('\n');
}

export function describeCheck(result: SiteCheckResult, fence: Fence): string {
  const lines = [`${result.verdict.toUpperCase()} ${result.url}: ${fence.inline(result.reason)}`];
  if (result.timings) {
    const t = result.timings;
    lines.push(
      `Timing: DNS ${t.dnsMs} ms, connect ${t.connectMs} ms${t.tlsMs === null ? '' : `, TLS ${t.tlsMs} ms`}, first byte ${t.firstByteMs} ms, total ${result.totalMs} ms.`
    );
  }
  result.redirects.forEach((step, i) =>
    lines.push(
      `Redirect: ${step.status} ${i === 0 ? step.url : fence.inline(step.url)} -> ${fence.inline(step.location)}`
    )
  );
  if (result.finalUrl !== result.url) lines.push(`Final URL: ${fence.inline(result.finalUrl)}`);
  if (result.tls)
    lines.push(
      `TLS: ${result.tls.protocol ?? '?'} ${result.tls.cipher}, certificate ${result.tls.trusted ? 'trusted' : `not trusted (${result.tls.error})`}, ${result.tls.daysLeft} day(s) left.`
    );
  return fencedText(lines, fence);
}

export function describeMonitor(monitor: Monitor): string {
  const state = monitor.paused ? 'paused' : monitor.status;
  const since = monitor.statusSince ? ` since ${monitor.statusSince}` : '';
  return `#${monitor.id} ${monitor.name} [${state}${since}] ${monitor.method} ${monitor.url} every ${monitor.intervalSeconds} s`;
}

export function describeCheckRecord(check: CheckRecord, fence: Fence): string {
  const timing = check.totalMs === null ? '' : ` ${check.totalMs} ms`;
  return `${check.checkedAt} ${check.verdict}${check.statusCode ? ` ${check.statusCode}` : ''}${timing}: ${fence.inline(check.reason)}`;
}

export function describeIncident(incident: Incident, fence: Fence): string {
  const span = incident.open ? `open since ${incident.startedAt}` : `${incident.startedAt} to ${incident.endedAt}`;
  return `Incident #${incident.id} on #${incident.monitorId} ${incident.monitorName} (${span}, ${incident.durationSeconds} s, ${incident.failedChecks} failed check(s)): ${fence.inline(incident.cause)}${incident.resolution ? ` Resolved: ${fence.inline(incident.resolution)}` : ''}`;
}
