import * as z from 'zod';
import { defineTool } from '../kit.js';
import { checkUrl } from './navigate_page.js';

export const newPage = defineTool({
  name: 'new_page',
  title: 'New page',
  description: 'Use to open a new page (tab), optionally at a URL, and select it.',
  seeAlso: {
    navigate_page: 'to load a URL in the selected page instead',
    close_page: 'to close pages you are done with'
  },
  input: z.strictObject({
    url: z.string().min(1).max(4096).optional().describe('Absolute http(s) URL to open.')
  }),
  output: z.object({ pageId: z.string(), url: z.string(), status: z.number().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ args, config, deps }) {
    const url = args.url ? await checkUrl(args.url, deps.session) : undefined;
    const tracked = await deps.session.newPage();
    const response = url
      ? await tracked.page.goto(url.href, { timeout: config.navigationTimeoutSeconds * 1000 })
      : null;
    const status = response?.status() ?? null;
    return {
      text: `Opened page ${tracked.id}${url ? ` at ${url.href.slice(0, 300)} (${status})` : ''}; it is selected.`,
      structured: { pageId: tracked.id, url: tracked.page.url(), status }
    };
  }
});
