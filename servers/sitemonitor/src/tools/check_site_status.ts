import { defineTool, Fence, OutboundError } from '@mcp-catalog/shared';
import * as z from 'zod';
import type { Config } from '../config.js';
import type { Deps } from '../server.js';
import {
  checkTimeout,
  describeCheck,
  expectedStatusInput,
  expectedTextInput,
  methodInput,
  refuseTextWithHead,
  siteCheckSchema,
  slowMsInput,
  timeoutSecondsInput,
  toToolError,
  urlInput
} from './common.js';

export const checkSiteStatus = (config: Config, deps: Deps) =>
  defineTool({
    name: 'check_site_status',
    title: 'Check a site now',
    description:
      'Use to check once, right now, whether a URL is up: returns a verdict (up, degraded, down) with the reason, the status code, ' +
      'a timing breakdown (DNS, connect, TLS, first byte, total), the redirect chain, selected headers and the certificate summary. ' +
      'Nothing is stored; use add_monitor to watch a site over time and check_ssl_certificate for certificate details.',
    input: z.object({
      url: urlInput,
      method: methodInput.default('GET'),
      expectedStatus: expectedStatusInput.optional(),
      expectedText: expectedTextInput.optional(),
      timeoutSeconds: timeoutSecondsInput.optional(),
      maxRedirects: z
        .number()
        .int()
        .min(0)
        .max(10)
        .default(5)
        .describe('Redirects to follow (0-10); 0 reports the redirect itself.'),
      slowMs: slowMsInput.optional(),
      ignoreTlsErrors: z
        .boolean()
        .default(false)
        .describe('Check past an untrusted https certificate (reported as degraded) instead of calling the site down.')
    }),
    output: siteCheckSchema,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: true },
    rateLimit: { max: 60, windowMs: 60_000 },
    async handler(args, ctx) {
      refuseTextWithHead(args.method, args.expectedText);
      const timeoutSeconds = checkTimeout(config, args.timeoutSeconds);
      try {
        deps.policy.parseUrl(args.url);
      } catch (error) {
        if (error instanceof OutboundError) throw toToolError(error);
        throw error;
      }
      const result = await deps.checker.check(args.url, {
        method: args.method,
        expectedStatus: args.expectedStatus,
        expectedText: args.expectedText,
        timeoutMs: timeoutSeconds * 1000,
        maxRedirects: args.maxRedirects,
        slowMs: args.slowMs,
        ignoreTlsErrors: args.ignoreTlsErrors,
        signal: ctx.signal
      });
      // The first hop refused by the policy is the caller's URL at fault; a refused redirect is the site's doing.
      if (result.errorCode === 'refused_address' && result.redirects.length === 0) {
        throw toToolError(new OutboundError('refused_address', result.reason));
      }
      return { structured: result, text: describeCheck(result, new Fence()) };
    }
  });
