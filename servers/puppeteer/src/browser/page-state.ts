import type { CDPSession, Dialog, HTTPRequest, Page } from 'puppeteer-core';
import { Ring } from './ring.js';
import { RefRegistry, type SnapshotNode } from './snapshot.js';
import type { Refusal } from './proxy.js';

export interface ConsoleEntry {
  seq: number;
  at: string;
  level: 'error' | 'warning' | 'info' | 'log' | 'debug';
  text: string;
  location?: string;
}

export interface NetworkEntry {
  seq: number;
  at: string;
  method: string;
  url: string;
  resourceType: string;
  status?: number;
  failure?: string;
  /** Why the network policy refused it, when it did. */
  refused?: string;
}

export interface OpenDialog {
  type: string;
  message: string;
  defaultValue?: string;
  dialog: Dialog;
}

export interface LastSnapshot {
  number: number;
  url: string;
  tree: SnapshotNode;
  lines: string[];
  /** The options it was rendered with (a cursor continues with the same). */
  key: string;
}

const LEVELS: Record<string, ConsoleEntry['level']> = {
  error: 'error',
  assert: 'error',
  warn: 'warning',
  warning: 'warning',
  info: 'info',
  debug: 'debug',
  verbose: 'debug'
};

/** One tab and what the server remembers about it: refs, snapshots, console, network, an open dialog. */
export class TrackedPage {
  readonly console: Ring<ConsoleEntry>;
  readonly network: Ring<NetworkEntry>;
  readonly refs = new RefRegistry();
  snapshotNumber = 0;
  last: LastSnapshot | undefined;
  dialog: OpenDialog | undefined;
  /** Dialogs seen since the last action result read them. */
  dialogEvents: string[] = [];
  /** Top-level navigations refused (bad scheme) since the last action result. */
  guardEvents: string[] = [];
  private readonly requests = new WeakMap<HTTPRequest, NetworkEntry>();
  private dialogWaiters: Array<() => void> = [];

  constructor(
    readonly id: string,
    readonly page: Page,
    readonly cdp: CDPSession,
    limits: { console: number; network: number },
    private readonly findRefusal: (target: string) => Refusal | undefined,
    readonly openerId?: string
  ) {
    this.console = new Ring(limits.console);
    this.network = new Ring(limits.network);
    page.on('console', (message) => {
      const location = message.location();
      this.pushConsole(
        LEVELS[message.type()] ?? 'log',
        message.text(),
        location.url ? `${location.url}:${(location.lineNumber ?? 0) + 1}` : undefined
      );
    });
    page.on('pageerror', (error) =>
      this.pushConsole('error', error instanceof Error ? `${error.name}: ${error.message}` : String(error))
    );
    page.on('request', (request) => {
      const entry: NetworkEntry = {
        seq: 0,
        at: new Date().toISOString(),
        method: request.method(),
        url: request.url().slice(0, 2000),
        resourceType: request.resourceType()
      };
      entry.seq = this.network.push(entry);
      this.requests.set(request, entry);
    });
    page.on('response', (response) => {
      const entry = this.requests.get(response.request());
      if (!entry) return;
      entry.status = response.status();
      if (response.status() === 403 && response.headers()['x-refused-by']) {
        entry.refused = this.findRefusal(entry.url)?.reason ?? 'refused by the network policy';
      }
    });
    page.on('requestfailed', (request) => {
      const entry = this.requests.get(request);
      if (!entry) return;
      entry.failure = request.failure()?.errorText ?? 'failed';
      if (/TUNNEL_CONNECTION_FAILED|ERR_PROXY|BLOCKED/.test(entry.failure)) {
        try {
          const url = new URL(entry.url);
          const port = url.port || (url.protocol === 'https:' || url.protocol === 'wss:' ? '443' : '80');
          entry.refused = this.findRefusal(`${url.hostname}:${port}`)?.reason ?? `refused (${entry.failure})`;
        } catch {
          entry.refused = `refused (${entry.failure})`;
        }
      }
    });
    page.on('dialog', (dialog) => {
      this.dialog = {
        type: dialog.type(),
        message: dialog.message().slice(0, 2000),
        ...(dialog.type() === 'prompt' ? { defaultValue: dialog.defaultValue() } : {}),
        dialog
      };
      this.dialogEvents.push(`${dialog.type()} dialog: ${dialog.message().slice(0, 300)}`);
      for (const wake of this.dialogWaiters.splice(0)) wake();
    });
  }

  /**
   * Runs an input action but stops waiting when a dialog opens: Chromium does not finish a mouse or
   * key event whose handler opened alert/confirm/prompt until the dialog is answered.
   */
  async untilDialog<T>(work: Promise<T>): Promise<T | undefined> {
    if (this.dialog) return work;
    let wake: () => void = () => {};
    const opened = new Promise<undefined>((resolve) => {
      wake = () => resolve(undefined);
      this.dialogWaiters.push(wake);
    });
    try {
      return await Promise.race([work, opened]);
    } finally {
      this.dialogWaiters = this.dialogWaiters.filter((w) => w !== wake);
      work.catch(() => {});
    }
  }

  private pushConsole(level: ConsoleEntry['level'], text: string, location?: string): void {
    const entry: ConsoleEntry = {
      seq: 0,
      at: new Date().toISOString(),
      level,
      text: text.length > 4000 ? `${text.slice(0, 4000)}…` : text,
      ...(location ? { location: location.slice(0, 300) } : {})
    };
    entry.seq = this.console.push(entry);
  }

  /** Requests refused by the policy after network sequence number `since`. */
  refusedSince(since: number): NetworkEntry[] {
    return this.network.list().filter((entry) => entry.seq > since && entry.refused);
  }

  get closed(): boolean {
    return this.page.isClosed();
  }
}
