import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Resolver } from '@mcp-catalog/shared';
import type { Browser, CDPSession, Page, Target } from 'puppeteer-core';
import { BrowserError } from './errors.js';
import { launchBrowser, type LaunchedBrowser } from './launch.js';
import { NetworkRules } from './network-policy.js';
import { BrowserProxy, type UpstreamConnection } from './proxy.js';
import { TrackedPage } from './page-state.js';
import { applyStorageState, captureStorageState, StorageStateError, type StorageState } from './storage-state.js';

export interface BrowserSettings {
  executablePath?: string;
  headless: boolean;
  userDataDir?: string;
  noSandbox: boolean;
  viewport: { width: number; height: number };
  allowedOrigins: readonly string[];
  blockedOrigins: readonly string[];
  /** Quarantine directory for downloads; unset = downloads refused. */
  downloadsDir?: string;
  maxDownloadBytes: number;
  maxDownloads: number;
  consoleBufferSize: number;
  networkBufferSize: number;
  maxPages: number;
  /** Cookies and localStorage put into the browser at launch (read and checked at start-up). */
  storageState?: StorageState;
  /** Tests inject a resolver so refusals of non-loopback names need no DNS or packet. */
  resolve?: Resolver;
  onUpstream?: (connection: UpstreamConnection) => void;
}

export interface DownloadRecord {
  guid: string;
  url: string;
  fileName: string;
  state: 'inProgress' | 'completed' | 'canceled' | 'refused';
  receivedBytes: number;
  totalBytes: number;
  path?: string;
  reason?: string;
}

/** Top-level schemes a page may show. Everything else (file:, chrome:, data:, blob:, …) is sent back to about:blank. */
const PAGE_SCHEMES = new Set(['http:', 'https:']);

// Runs before any page script in every frame: service workers would outlive the page and act
// outside the page's lifecycle, so registration fails. The proxy also refuses worker scripts.
const BLOCK_SERVICE_WORKERS = `(() => {
  try {
    const proto = globalThis.ServiceWorkerContainer && ServiceWorkerContainer.prototype;
    if (proto) Object.defineProperty(proto, 'register', { configurable: false, writable: false,
      value: function register() { return Promise.reject(new DOMException('Service workers are disabled in this browser.', 'SecurityError')); } });
  } catch {}
})();`;

/**
 * One browser per process, started on first use: the proxy that is its only route out, the pages
 * (including popups the pages open), which one is selected, and the downloads quarantine.
 */
export class BrowserSession {
  readonly rules: NetworkRules;
  readonly proxy: BrowserProxy;
  readonly downloads: DownloadRecord[] = [];
  private launched: LaunchedBrowser | undefined;
  private control: CDPSession | undefined;
  private starting: Promise<LaunchedBrowser> | undefined;
  private readonly pages = new Map<string, TrackedPage>();
  private readonly pending = new Map<Page, Promise<TrackedPage>>();
  private currentId: string | undefined;
  private nextPage = 1;
  private closing = false;

  constructor(readonly settings: BrowserSettings) {
    this.rules = new NetworkRules({
      allowedOrigins: settings.allowedOrigins,
      blockedOrigins: settings.blockedOrigins,
      ...(settings.resolve ? { resolve: settings.resolve } : {})
    });
    this.proxy = new BrowserProxy({
      rules: this.rules,
      ...(settings.onUpstream ? { onUpstream: settings.onUpstream } : {})
    });
  }

  get started(): boolean {
    return this.launched !== undefined;
  }

  /** The browser, launching it (and the proxy) on first call. */
  async browser(): Promise<Browser> {
    if (this.closing) throw new BrowserError('The browser is shutting down.');
    if (!this.starting) {
      this.starting = this.start().catch((error: unknown) => {
        this.starting = undefined;
        throw error;
      });
    }
    return (await this.starting).browser;
  }

  private async start(): Promise<LaunchedBrowser> {
    const proxyPort = this.proxy.port ?? (await this.proxy.start());
    const launched = await launchBrowser({
      ...(this.settings.executablePath ? { executablePath: this.settings.executablePath } : {}),
      ...(this.settings.userDataDir ? { userDataDir: this.settings.userDataDir } : {}),
      headless: this.settings.headless,
      noSandbox: this.settings.noSandbox,
      proxyPort,
      viewport: this.settings.viewport
    });
    try {
      await this.setUp(launched.browser);
    } catch (error) {
      // A browser that failed its set-up is closed, not left running while the next call launches another.
      this.control = undefined;
      this.pages.clear();
      await launched.close();
      throw error;
    }
    this.launched = launched;
    return launched;
  }

  private async setUp(browser: Browser): Promise<void> {
    const control = await browser.target().createCDPSession();
    this.control = control;
    await this.setUpDownloads(control);
    const first = await browser.pages();
    // Seeded on the first tab before it is tracked, so the pages a caller sees start with the state loaded.
    if (this.settings.storageState) {
      const seeding = first[0] ?? (await browser.newPage());
      try {
        await applyStorageState(control, seeding, this.settings.storageState);
      } catch (error) {
        throw new StorageStateError(
          `Chromium did not accept the --storage-state file: ${(error as Error).message.slice(0, 300)}. Check its cookies (name, domain, path) and origins.`
        );
      }
      if (!first.length) first.push(seeding);
    }
    browser.on('targetcreated', (target: Target) => void this.adopt(target));
    // The first tab Chromium opens is adopted like any other.
    for (const page of first) await this.track(page);
    if (this.pages.size === 0) await this.track(await browser.newPage());
  }

  /**
   * Cookies of the browser and localStorage of the origins open in its pages, in Playwright's format. An origin
   * loaded from --storage-state that no page has open now keeps the entries it was loaded with, so a save
   * does not drop the login state of sites this run did not visit.
   */
  async storageState(): Promise<StorageState> {
    await this.browser();
    const state = await captureStorageState(
      this.control!,
      [...this.pages.values()].map((p) => p.page)
    );
    const seen = new Set(state.origins.map((o) => o.origin));
    for (const loaded of this.settings.storageState?.origins ?? []) {
      if (!seen.has(loaded.origin)) state.origins.push(loaded);
    }
    return state;
  }

  private async setUpDownloads(control: CDPSession): Promise<void> {
    const dir = this.settings.downloadsDir;
    if (!dir) {
      await control.send('Browser.setDownloadBehavior', { behavior: 'deny', eventsEnabled: true });
    } else {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await control.send('Browser.setDownloadBehavior', {
        behavior: 'allowAndName',
        downloadPath: dir,
        eventsEnabled: true
      });
    }
    control.on('Browser.downloadWillBegin', (event) => {
      const record: DownloadRecord = {
        guid: event.guid,
        url: event.url.slice(0, 2000),
        // Only a label: the file is stored under its guid, never under a name the page chose.
        fileName: event.suggestedFilename.replace(/[/\\\p{Cc}]/gu, '_').slice(0, 255),
        state: 'inProgress',
        receivedBytes: 0,
        totalBytes: 0
      };
      if (!dir) {
        record.state = 'refused';
        record.reason = 'downloads are off (the operator can enable them with --downloads-dir)';
      } else if (
        this.downloads.filter((d) => d.state === 'completed' || d.state === 'inProgress').length >=
        this.settings.maxDownloads
      ) {
        record.state = 'refused';
        record.reason = `the limit of ${this.settings.maxDownloads} downloads is reached`;
        void control.send('Browser.cancelDownload', { guid: event.guid }).catch(() => {});
      }
      this.downloads.push(record);
      if (this.downloads.length > 500) this.downloads.shift();
    });
    control.on('Browser.downloadProgress', (event) => {
      const record = this.downloads.find((d) => d.guid === event.guid);
      if (!record || record.state === 'refused') return;
      record.receivedBytes = event.receivedBytes;
      record.totalBytes = event.totalBytes;
      if (event.receivedBytes > this.settings.maxDownloadBytes || event.totalBytes > this.settings.maxDownloadBytes) {
        record.state = 'refused';
        record.reason = `larger than the ${this.settings.maxDownloadBytes}-byte download limit`;
        void control.send('Browser.cancelDownload', { guid: event.guid }).catch(() => {});
        if (dir) void rm(join(dir, event.guid), { force: true }).catch(() => {});
        return;
      }
      if (event.state === 'completed') {
        record.state = 'completed';
        // allowAndName stores the file under its guid, so a page cannot choose the name on disk.
        record.path = join(dir!, event.guid);
      } else if (event.state === 'canceled') record.state = 'canceled';
    });
  }

  private async adopt(target: Target): Promise<void> {
    if (target.type() !== 'page') return;
    const page = await target.page().catch(() => null);
    if (!page) return;
    const opener = target.opener();
    let openerId: string | undefined;
    if (opener) {
      const openerPage = await opener.page().catch(() => null);
      openerId = [...this.pages.values()].find((p) => p.page === openerPage)?.id;
    }
    const tracked = await this.track(page, openerId).catch(() => undefined);
    if (tracked && this.pages.size > this.settings.maxPages) {
      tracked.guardEvents.push(`closed: more than ${this.settings.maxPages} pages are open`);
      await page.close().catch(() => {});
    }
  }

  /** Sets a page up once (guard, trackers) and gives it an id. */
  track(page: Page, openerId?: string): Promise<TrackedPage> {
    const known = [...this.pages.values()].find((p) => p.page === page);
    if (known) return Promise.resolve(known);
    let pending = this.pending.get(page);
    if (!pending) {
      pending = this.setUpPage(page, openerId).finally(() => this.pending.delete(page));
      this.pending.set(page, pending);
    }
    return pending;
  }

  private async setUpPage(page: Page, openerId?: string): Promise<TrackedPage> {
    const cdp = await page.createCDPSession();
    const id = `p${this.nextPage++}`;
    const tracked = new TrackedPage(
      id,
      page,
      cdp,
      { console: this.settings.consoleBufferSize, network: this.settings.networkBufferSize },
      (target) => this.findRefusal(target),
      openerId
    );
    await Promise.all([
      cdp.send('Page.enable'),
      cdp.send('DOM.enable'),
      // No Accessibility.enable or Network.enable here: both would make Chromium track every change
      // for this session too (puppeteer's own session has the network events).
      page.setBypassServiceWorker(true),
      page.evaluateOnNewDocument(BLOCK_SERVICE_WORKERS)
    ]);
    page.setDefaultTimeout(15_000);
    // Page.frameNavigated fires for new documents only (not pushState), which is when refs expire.
    cdp.on('Page.frameNavigated', (event) => {
      if (event.frame.parentId) return;
      tracked.refs.newDocument(tracked.snapshotNumber);
      tracked.last = undefined;
      this.guard(tracked, event.frame.url);
    });
    page.on('close', () => {
      this.pages.delete(id);
      if (this.currentId === id) this.currentId = [...this.pages.keys()].at(-1);
    });
    this.pages.set(id, tracked);
    if (!this.currentId || openerId) this.currentId = id;
    this.guard(tracked, page.url());
    return tracked;
  }

  /** Sends a page that reached a forbidden scheme back to about:blank and says so. */
  private guard(tracked: TrackedPage, url: string): void {
    // chrome-error: is Chromium's own page for a load that failed (e.g. refused by the proxy).
    if (url === 'about:blank' || url === '' || url.startsWith('chrome-error://')) return;
    let scheme: string;
    try {
      scheme = new URL(url).protocol;
    } catch {
      scheme = 'invalid:';
    }
    if (PAGE_SCHEMES.has(scheme)) return;
    tracked.guardEvents.push(
      `refused a top-level ${scheme} page (${url.slice(0, 100)}); only http and https pages are shown`
    );
    void tracked.page.goto('about:blank').catch(() => {});
  }

  private findRefusal(target: string) {
    const list = this.proxy.refusals.list();
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.target === target) return list[i];
    return undefined;
  }

  /** The selected page (launching the browser if needed). */
  async current(): Promise<TrackedPage> {
    await this.browser();
    const page = this.currentId ? this.pages.get(this.currentId) : undefined;
    if (page && !page.closed) return page;
    const any = [...this.pages.values()].find((p) => !p.closed);
    if (any) {
      this.currentId = any.id;
      return any;
    }
    return this.newPage();
  }

  async newPage(): Promise<TrackedPage> {
    const browser = await this.browser();
    if (this.pages.size >= this.settings.maxPages) {
      throw new BrowserError(`${this.pages.size} pages are open, the limit.`, 'Close a page with close_page first.');
    }
    const page = await browser.newPage();
    const tracked = await this.track(page);
    this.currentId = tracked.id;
    return tracked;
  }

  list(): TrackedPage[] {
    return [...this.pages.values()].filter((p) => !p.closed);
  }

  get selectedId(): string | undefined {
    return this.currentId;
  }

  select(id: string): TrackedPage {
    const page = this.pages.get(id);
    if (!page || page.closed) {
      throw new BrowserError(
        `There is no page ${id}.`,
        `Open pages: ${
          this.list()
            .map((p) => p.id)
            .join(', ') || 'none'
        }.`
      );
    }
    this.currentId = id;
    return page;
  }

  async closePage(id: string): Promise<void> {
    const page = this.select(id);
    await page.page.close({ runBeforeUnload: false });
    this.pages.delete(id);
    if (this.currentId === id) this.currentId = this.list().at(-1)?.id;
  }

  /** Files in the quarantine directory (for list_downloads after a restart of the page). */
  async quarantineUsage(): Promise<{ files: number; bytes: number } | undefined> {
    const dir = this.settings.downloadsDir;
    if (!dir) return undefined;
    const names = await readdir(dir).catch(() => [] as string[]);
    let bytes = 0;
    for (const name of names) bytes += (await stat(join(dir, name)).catch(() => ({ size: 0 }))).size;
    return { files: names.length, bytes };
  }

  async close(): Promise<void> {
    this.closing = true;
    const launched = this.launched ?? (await this.starting?.catch(() => undefined));
    this.launched = undefined;
    await launched?.close();
    await this.proxy.close();
  }
}
