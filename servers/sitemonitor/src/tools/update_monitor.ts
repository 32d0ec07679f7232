import { ToolError } from '@mcp-catalog/shared';
import { defineTool } from '../kit.js';
import * as z from 'zod';
import type { MonitorSettings } from '../monitor/store.js';
import {
  checkInterval,
  checkTimeout,
  describeMonitor,
  expectedStatusInput,
  expectedTextInput,
  intervalInput,
  getMonitorOrFail,
  methodInput,
  monitorIdInput,
  monitorNameInput,
  monitorNotFound,
  monitorSchema,
  refuseTextWithHead,
  slowMsInput,
  sslWarningDaysInput,
  timeoutSecondsInput,
  urlInput,
  vetUrl
} from './common.js';

export const updateMonitor = defineTool({
  name: 'update_monitor',
  title: 'Change a monitor',
  description:
    'Use to change an existing monitor’s URL, name, interval, method, expectations or thresholds; only the fields you pass change ' +
    '(null clears expectedStatus, expectedText or slowMs). History is kept and the monitor is checked again right away. ' +
    'The previous settings are returned.',
  seeAlso: { pause_monitor: 'to stop checks for a while', add_monitor: 'for a new URL' },
  input: z.object({
    monitorId: monitorIdInput,
    url: urlInput.optional(),
    name: monitorNameInput.optional().describe('New label.'),
    intervalSeconds: intervalInput.optional(),
    method: methodInput.optional(),
    expectedStatus: expectedStatusInput.nullable().optional(),
    expectedText: expectedTextInput.nullable().optional(),
    timeoutSeconds: timeoutSecondsInput.optional(),
    slowMs: slowMsInput.nullable().optional(),
    sslWarningDays: sslWarningDaysInput.optional()
  }),
  output: z.object({ monitor: monitorSchema, previous: monitorSchema, changed: z.array(z.string()) }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ args: { monitorId: id, ...changes }, config, deps, signal }) {
    const previous = getMonitorOrFail(deps, id);
    const patch: Partial<MonitorSettings> = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined)
    );
    if (Object.keys(patch).length === 0) {
      throw new ToolError('Nothing to change: pass at least one setting besides id.', {
        hint: 'For example {"id": 3, "intervalSeconds": 60}.'
      });
    }
    if (patch.intervalSeconds !== undefined) checkInterval(config, patch.intervalSeconds);
    if (patch.timeoutSeconds !== undefined) checkTimeout(config, patch.timeoutSeconds);
    refuseTextWithHead(
      patch.method ?? previous.method,
      patch.expectedText === undefined ? previous.expectedText : patch.expectedText
    );
    if (patch.url !== undefined) patch.url = await vetUrl(deps, patch.url, signal);
    const monitor = deps.service.update(id, patch);
    if (!monitor) throw monitorNotFound(id); // removed meanwhile
    const changed = Object.keys(patch);
    return {
      structured: { monitor, previous, changed },
      text: `Updated ${changed.join(', ')} of ${describeMonitor(monitor)}. It is checked again right away.`
    };
  }
});
