import { Fence, untrusted } from '@mcp-catalog/shared';
import * as z from 'zod';
import { snapshotPage } from '../browser/actions.js';
import { BrowserError } from '../browser/errors.js';
import { destinationOf } from '../browser/origins.js';
import { NetworkRefusal } from '../browser/network-policy.js';
import { defineTool } from '../kit.js';
import { activePage, NOTICE } from './common.js';

export const navigatePage = defineTool({
  name: 'navigate_page',
  title: 'Navigate page',
  description:
    'Use to open a URL in the selected page, or to go back, forward or reload; returns the status, title and the first part of the page snapshot. Only http and https URLs that the network policy allows load.',
  seeAlso: {
    take_snapshot: 'for the rest of the page or a part of it',
    new_page: 'to open the URL in a new page instead'
  },
  input: z.strictObject({
    url: z.string().min(1).max(4096).optional().describe('Absolute http(s) URL; required when action is "url".'),
    action: z.enum(['url', 'back', 'forward', 'reload']).default('url'),
    waitUntil: z
      .enum(['load', 'domcontentloaded', 'networkidle'])
      .default('load')
      .describe('When the navigation counts as done.'),
    timeoutMs: z.number().int().min(1000).max(300_000).optional().describe('Default: the operator setting (30 s).'),
    snapshotBytes: z
      .number()
      .int()
      .min(0)
      .max(50_000)
      .default(6000)
      .describe('Size of the snapshot part in the result; 0 for none.')
  }),
  output: z.object({
    pageId: z.string(),
    url: z.string(),
    status: z.number().nullable(),
    title: z.object({ untrusted: z.string() }),
    snapshot: z.number().optional(),
    snapshotText: z.object({ untrusted: z.string() }).optional(),
    nextCursor: z.string().optional(),
    refused: z.array(z.string())
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ args, config, deps }) {
    const session = deps.session;
    const timeout = args.timeoutMs ?? config.navigationTimeoutSeconds * 1000;
    const tracked = await activePage(session);
    const since = tracked.network.total;
    const waitUntil = args.waitUntil === 'networkidle' ? 'networkidle2' : args.waitUntil;
    let response;
    if (args.action === 'url') {
      if (!args.url) throw new BrowserError('action "url" needs a url.', 'Pass url, or action back/forward/reload.');
      const url = await checkUrl(args.url, session);
      response = await tracked.page.goto(url.href, { timeout, waitUntil });
    } else if (args.action === 'back') response = await tracked.page.goBack({ timeout, waitUntil });
    else if (args.action === 'forward') response = await tracked.page.goForward({ timeout, waitUntil });
    else response = await tracked.page.reload({ timeout, waitUntil });
    if (response && response.status() === 403 && response.headers()['x-refused-by']) {
      const refusal = session.proxy.refusals.list().at(-1);
      throw new BrowserError(`Refused by the browser's network policy: ${refusal?.reason ?? 'not allowed'}`);
    }
    const fence = new Fence();
    const title = (await tracked.page.title().catch(() => '')).slice(0, 300);
    const refused = tracked.refusedSince(since).map((e) => `${e.url.slice(0, 200)}: ${e.refused}`);
    const status = response?.status() ?? null;
    const lines = [
      `Page ${tracked.id}: ${status ?? 'no response (same document or history)'} ${fence.inline(tracked.page.url())}`,
      `Title: ${fence.inline(title)}`
    ];
    let snap;
    if (args.snapshotBytes > 0) {
      snap = await snapshotPage(tracked, { maxBytes: args.snapshotBytes });
      lines.push(NOTICE, `Snapshot ${snap.snapshot}:`, fence.block('page snapshot', snap.text));
      if (snap.nextCursor)
        lines.push(
          `More: take_snapshot with cursor "${snap.nextCursor}" (${snap.lineCount - snap.shownLines} lines left).`
        );
    }
    if (refused.length)
      lines.push(
        `Refused by the network policy:\n${refused
          .slice(0, 20)
          .map((r) => `- ${r}`)
          .join('\n')}`
      );
    return {
      text: lines.join('\n'),
      structured: {
        pageId: tracked.id,
        url: tracked.page.url(),
        status,
        title: untrusted(title),
        ...(snap ? { snapshot: snap.snapshot, snapshotText: untrusted(snap.text) } : {}),
        ...(snap?.nextCursor ? { nextCursor: snap.nextCursor } : {}),
        refused
      }
    };
  }
});

/** Only http(s), checked against the network policy first so a refusal comes with its reason. */
export async function checkUrl(
  text: string,
  session: { rules: { check(d: ReturnType<typeof destinationOf>): Promise<unknown> } }
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BrowserError(
      `"${text.slice(0, 200)}" is not an absolute URL.`,
      'Give a full URL such as https://example.com/.'
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BrowserError(
      `${url.protocol.replace(/:$/, '')}: URLs are not opened; only http and https pages are.`,
      'Use an http:// or https:// URL.'
    );
  }
  try {
    await session.rules.check(destinationOf(url));
  } catch (error) {
    if (error instanceof NetworkRefusal)
      throw new BrowserError(`Refused by the browser's network policy: ${error.message}`, error.hint);
    throw error;
  }
  return url;
}
