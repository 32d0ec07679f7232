import { ToolError } from '@mcp-catalog/shared';
import { defineTool } from '../kit.js';
import * as z from 'zod';
import {
  checkInterval,
  checkTimeout,
  describeMonitor,
  expectedStatusInput,
  expectedTextInput,
  intervalInput,
  methodInput,
  monitorNameInput,
  monitorSchema,
  refuseTextWithHead,
  slowMsInput,
  sslWarningDaysInput,
  timeoutSecondsInput,
  urlInput,
  vetUrl
} from './common.js';

export const addMonitor = defineTool({
  name: 'add_monitor',
  title: 'Add a monitor',
  description:
    'Use to watch a URL over time: the server checks it every intervalSeconds, keeps the history and opens an incident while it is down. ' +
    'The first check runs within seconds.',
  seeAlso: { check_site_status: 'for a one-off check', update_monitor: 'to change an existing monitor' },
  input: z.object({
    url: urlInput,
    name: monitorNameInput.optional().describe('Label for the monitor (default: the URL host).'),
    intervalSeconds: intervalInput.default(300),
    method: methodInput.default('GET'),
    expectedStatus: expectedStatusInput.optional(),
    expectedText: expectedTextInput.optional(),
    timeoutSeconds: timeoutSecondsInput.optional(),
    slowMs: slowMsInput.optional(),
    sslWarningDays: sslWarningDaysInput.default(14)
  }),
  output: z.object({ monitor: monitorSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ args, config, deps, signal }) {
    checkInterval(config, args.intervalSeconds);
    refuseTextWithHead(args.method, args.expectedText);
    const timeoutSeconds = checkTimeout(config, args.timeoutSeconds);
    const url = await vetUrl(deps, args.url, signal);
    // Same normalized URL and method is the same monitor: a second one would double the checks and the incidents.
    const existing = deps.store.findMonitorsByUrl(url, 50).find((m) => m.method === args.method);
    if (existing) {
      throw new ToolError(`${describeMonitor(existing)} already watches ${args.method} ${url}.`, {
        hint: 'Use update_monitor with that monitorId to change it, or remove_monitor first to start over.'
      });
    }
    // Counted after the DNS wait, with nothing awaited before the insert: parallel calls cannot all pass.
    if (deps.store.countMonitors() >= config.maxMonitors) {
      throw new ToolError(`This server already holds its maximum of ${config.maxMonitors} monitors.`, {
        hint: 'Remove a monitor you no longer need with remove_monitor, or ask the operator to raise --max-monitors.'
      });
    }
    const monitor = deps.service.add({
      name: args.name ?? new URL(url).host,
      url,
      method: args.method,
      intervalSeconds: args.intervalSeconds,
      timeoutSeconds,
      expectedStatus: args.expectedStatus ?? null,
      expectedText: args.expectedText ?? null,
      slowMs: args.slowMs ?? null,
      sslWarningDays: args.sslWarningDays
    });
    const first = deps.scheduler
      ? 'The first check runs within seconds.'
      : 'No scheduler runs in this server process; call run_monitor_now to check it.';
    return { structured: { monitor }, text: `Added ${describeMonitor(monitor)}. ${first}` };
  }
});
