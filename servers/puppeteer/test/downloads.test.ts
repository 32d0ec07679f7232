import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor as until } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../src/browser/session.js';
import { browserSettings, startSite, type Site } from './fixtures.js';

let site: Site;
let dir: string;
const attachment = (size: number) => (_req: unknown, res: import('node:http').ServerResponse) => {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-disposition': 'attachment; filename="../../evil.sh"',
    'content-length': size
  });
  res.end(Buffer.alloc(size, 0x61));
};

beforeAll(async () => {
  site = await startSite({ '/small': attachment(1000), '/small2': attachment(10), '/huge': attachment(3_000_000) });
  dir = await mkdtemp(join(tmpdir(), 'mcp-puppeteer-downloads-'));
});
afterAll(async () => {
  await site?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('downloads', () => {
  it('are refused when the operator did not give a quarantine directory', async () => {
    const session = new BrowserSession(browserSettings({ allowedOrigins: [site.origin] }));
    try {
      const tracked = await session.current();
      await tracked.page.goto(`${site.origin}/small`).catch(() => null);
      await until(() => session.downloads.length === 1, 10_000);
      expect(session.downloads[0]).toMatchObject({
        state: 'refused',
        reason: expect.stringMatching(/downloads are off/)
      });
    } finally {
      await session.close();
    }
  });

  it('land in quarantine under their id, with size and count caps', async () => {
    const session = new BrowserSession(
      browserSettings({ allowedOrigins: [site.origin], downloadsDir: dir, maxDownloadBytes: 100_000, maxDownloads: 1 })
    );
    try {
      const tracked = await session.current();
      await tracked.page.goto(`${site.origin}/small`).catch(() => null);
      await until(() => session.downloads[0]?.state === 'completed', 10_000);
      const [done] = session.downloads;
      expect(done!.fileName).toMatch(/evil\.sh$/);
      expect(done!.fileName).not.toContain('/');
      expect(done!.path).toBe(join(dir, done!.guid));
      expect((await readFile(done!.path!)).length).toBe(1000);

      await tracked.page.goto(`${site.origin}/small2`).catch(() => null);
      await until(() => session.downloads.length === 2, 10_000);
      expect(session.downloads[1]).toMatchObject({
        state: 'refused',
        reason: expect.stringMatching(/limit of 1 downloads/)
      });
    } finally {
      await session.close();
    }
    const session2 = new BrowserSession(
      browserSettings({ allowedOrigins: [site.origin], downloadsDir: dir, maxDownloadBytes: 100_000, maxDownloads: 5 })
    );
    try {
      const tracked = await session2.current();
      await tracked.page.goto(`${site.origin}/huge`).catch(() => null);
      await until(() => session2.downloads[0]?.state === 'refused', 10_000);
      expect(session2.downloads[0]!.reason).toMatch(/larger than the 100000-byte download limit/);
      await new Promise((r) => setTimeout(r, 300));
      const files = await readdir(dir);
      expect(files.every((name) => !name.includes('evil'))).toBe(true);
    } finally {
      await session2.close();
    }
  });
});
