import { defineTool, Fence, OutboundError } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import { checkCertificate } from '../monitor/certificate-check.js';
import type { Deps } from '../server.js';
import { checkTimeout, fencedText, sslWarningDaysInput, timeoutSecondsInput, toToolError } from './common.js';

const summary = z.object({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string()
});

export const checkSslCertificate = (config: Config, deps: Deps) =>
  defineTool({
    name: 'check_ssl_certificate',
    title: 'Inspect a TLS certificate',
    description:
      "Use to inspect a site's TLS certificate: days left, validity window, subject, issuer, SANs, chain trust, host-name match, " +
      'protocol and cipher, with a verdict (valid, expiring, invalid). Expired, self-signed and mismatched certificates are reported, not refused. ' +
      'Use check_site_status instead to test whether the site answers.',
    input: z.object({
      target: z
        .string()
        .trim()
        .min(1, 'target must not be empty')
        .max(2048, 'target must be at most 2048 characters')
        .describe('Host name (example.com), host:port (example.com:8443) or an https:// URL.'),
      warningDays: sslWarningDaysInput.default(14),
      timeoutSeconds: timeoutSecondsInput.optional()
    }),
    output: z.object({
      host: z.string(),
      port: z.number(),
      checkedAt: z.string(),
      remoteAddress: z.string(),
      verdict: z.enum(['valid', 'expiring', 'invalid']),
      reason: z.string(),
      daysLeft: z.number(),
      validFrom: z.string(),
      validTo: z.string(),
      subject: z.string(),
      issuer: z.string(),
      subjectAltNames: z.array(z.string()),
      serialNumber: z.string(),
      fingerprint256: z.string(),
      selfSigned: z.boolean(),
      chainValid: z.boolean(),
      chainError: z.string().nullable(),
      hostnameMatches: z.boolean(),
      hostnameError: z.string().nullable(),
      protocol: z.string().nullable(),
      cipher: z.string(),
      chain: z.array(summary),
      timings: z.object({ dnsMs: z.number(), connectMs: z.number(), tlsMs: z.number() })
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
    rateLimit: { max: 60, windowMs: 60_000 },
    async handler({ target, warningDays, timeoutSeconds }, ctx) {
      const timeoutMs = checkTimeout(config, timeoutSeconds) * 1000;
      let report;
      try {
        report = await checkCertificate(deps.policy, target, {
          timeoutMs,
          warningDays,
          signal: ctx.signal,
          ...(deps.secureContext ? { secureContext: deps.secureContext } : {})
        });
      } catch (error) {
        if (error instanceof OutboundError) throw toToolError(error, 'target');
        throw error;
      }
      const fence = new Fence();
      const text = fencedText(
        [
          `${report.verdict.toUpperCase()} ${report.host}:${report.port}: ${report.reason}`,
          `Valid ${report.validFrom} to ${report.validTo} (${report.daysLeft} day(s) left).`,
          `Subject: ${fence.inline(report.subject)}`,
          `Issuer: ${fence.inline(report.issuer)}${report.selfSigned ? ' (self-signed)' : ''}`,
          `Names: ${report.subjectAltNames.length ? fence.inline(report.subjectAltNames.join(', ')) : '(no SANs)'}`,
          `Chain: ${report.chainValid ? 'trusted' : `not trusted (${report.chainError})`}; host name ${report.hostnameMatches ? 'matches' : 'does not match'}.`,
          `TLS: ${report.protocol ?? '?'} ${report.cipher}; connect ${report.timings.connectMs} ms, handshake ${report.timings.tlsMs} ms.`
        ],
        fence
      );
      return { structured: report, text };
    }
  });
