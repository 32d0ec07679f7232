import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserSession, type BrowserSettings } from './browser/session.js';
import { readStorageState } from './browser/storage-state.js';
import type { Config } from './settings.js';

/** What lives as long as the process: the (lazily launched) browser session and its directories. */
export interface Deps {
  session: BrowserSession;
  /** Where save_pdf writes: the operator's outputDir or a temporary directory of this process. */
  outputDir(): Promise<string>;
  close(): Promise<void>;
}

export function browserSettingsOf(config: Config): BrowserSettings {
  return {
    ...(config.executablePath ? { executablePath: config.executablePath } : {}),
    ...(config.userDataDir ? { userDataDir: config.userDataDir } : {}),
    ...(config.downloadsDir ? { downloadsDir: config.downloadsDir } : {}),
    // Read and checked here, at start-up: a bad file stops the server with the reason, not the first tool call.
    ...(config.storageState ? { storageState: readStorageState(config.storageState) } : {}),
    headless: config.headless,
    noSandbox: !config.sandbox,
    viewport: { width: config.viewportWidth, height: config.viewportHeight },
    allowedOrigins: config.allowedPageOrigins,
    blockedOrigins: config.blockedPageOrigins,
    maxDownloadBytes: config.maxDownloadMegabytes * 1024 * 1024,
    maxDownloads: config.maxDownloads,
    consoleBufferSize: 500,
    networkBufferSize: 1000,
    maxPages: config.maxPages
  };
}

/** Nothing starts here: the browser launches on the first tool call, so start-up and tools/list stay fast. */
export function createDeps(config: Config, overrides: Partial<BrowserSettings> = {}): Deps {
  const session = new BrowserSession({ ...browserSettingsOf(config), ...overrides });
  let temporary: Promise<string> | undefined;
  return {
    session,
    outputDir() {
      if (config.outputDir) return Promise.resolve(config.outputDir);
      temporary ??= mkdtemp(join(tmpdir(), 'mcp-puppeteer-output-'));
      return temporary;
    },
    async close() {
      await session.close();
      if (temporary) await rm(await temporary, { recursive: true, force: true }).catch(() => {});
    }
  };
}
