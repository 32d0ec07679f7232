import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { savePdf as print } from '../browser/media.js';
import { defineTool } from '../kit.js';
import { activePage } from './common.js';

export const savePdf = defineTool({
  name: 'save_pdf',
  title: 'Save PDF',
  description:
    "Use to print the selected page to a PDF file in the server's output directory; returns its path and size.",
  seeAlso: { take_screenshot: 'for an image of the page' },
  input: z.strictObject({
    landscape: z.boolean().default(false),
    printBackground: z.boolean().default(true)
  }),
  output: z.object({ pageId: z.string(), path: z.string(), bytes: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async handler({ args, config, deps }) {
    const tracked = await activePage(deps.session);
    const pdf = await print(tracked, { ...args, timeoutMs: config.navigationTimeoutSeconds * 1000 });
    // The name is ours, never the page's.
    const path = join(
      await deps.outputDir(),
      `page-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.pdf`
    );
    await writeFile(path, pdf, { flag: 'wx', mode: 0o600 });
    return {
      text: `Saved page ${tracked.id} as ${path} (${pdf.length} bytes).`,
      structured: { pageId: tracked.id, path, bytes: pdf.length }
    };
  }
});
