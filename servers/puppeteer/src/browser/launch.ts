import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { findExecutable } from './executable.js';

export interface LaunchOptions {
  executablePath?: string;
  headless: boolean;
  /** A persistent profile; default a fresh temporary one removed on close. */
  userDataDir?: string;
  noSandbox: boolean;
  /** The in-process proxy's port: the browser's only route out. */
  proxyPort: number;
  viewport: { width: number; height: number };
  launchTimeoutMs?: number;
}

export interface LaunchedBrowser {
  browser: Browser;
  executablePath: string;
  close(): Promise<void>;
}

export class LaunchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LaunchError';
  }
}

/** The command line every browser of this server gets; exported for the test that checks it. */
export function chromiumArgs(options: Pick<LaunchOptions, 'proxyPort' | 'noSandbox' | 'viewport'>): string[] {
  return [
    `--proxy-server=http://127.0.0.1:${options.proxyPort}`,
    // Chromium sends loopback directly unless told otherwise; "<-loopback>" removes that exception.
    '--proxy-bypass-list=<-loopback>',
    // Belt and braces: Chromium's own resolver answers nothing (the proxy resolves for it), so even a
    // path that escaped the proxy could not look a name up. The proxy itself is reached by IP.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    // QUIC (UDP) would not go through an HTTP proxy; WebRTC may use UDP only via the proxy, i.e. never.
    '--disable-quic',
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
    // Chromium's own background traffic (update, safe-browsing, variations, model downloads) would only be
    // refused by the proxy as noise; stop it at the source. Listed here, not left to Puppeteer's defaults.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-client-side-phishing-detection',
    '--safebrowsing-disable-auto-update',
    '--disable-field-trial-config',
    '--disable-default-apps',
    '--disable-extensions',
    '--no-service-autorun',
    '--disable-sync',
    '--disable-domain-reliability',
    '--disable-breakpad',
    '--no-first-run',
    '--no-default-browser-check',
    '--no-pings',
    '--metrics-recording-only',
    '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,InterestFeedContentSuggestions,CertificateTransparencyComponentUpdater,OptimizationGuideModelDownloading,OptimizationHintsFetching,MediaEngagementBypassAutoplayPolicies',
    '--disable-gpu',
    `--window-size=${options.viewport.width},${options.viewport.height}`,
    ...(options.noSandbox ? ['--no-sandbox'] : [])
  ];
}

/**
 * Starts the system Chromium with a temporary profile (or the operator's), headless by default,
 * talking over a pipe (no debugging port for anything on the machine to connect to).
 */
export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const executablePath = findExecutable(options.executablePath);
  const temporary = options.userDataDir ? undefined : await mkdtemp(join(tmpdir(), 'mcp-puppeteer-profile-'));
  const userDataDir = options.userDataDir ?? temporary!;
  let browser: Browser;
  try {
    // Loaded on first use: start-up and tools/list do not pay for puppeteer.
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({
      executablePath,
      headless: options.headless,
      userDataDir,
      pipe: true,
      args: chromiumArgs(options),
      // Puppeteer's own defaults include flags we choose ourselves; keep only what we list.
      ignoreDefaultArgs: ['--enable-automation'],
      defaultViewport: options.viewport,
      timeout: options.launchTimeoutMs ?? 30_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false
    });
  } catch (error) {
    if (temporary) await rm(temporary, { recursive: true, force: true }).catch(() => {});
    throw explainLaunchFailure(error, executablePath, options);
  }
  let closed = false;
  return {
    browser,
    executablePath,
    async close() {
      if (closed) return;
      closed = true;
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
      if (temporary) await rm(temporary, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    }
  };
}

function explainLaunchFailure(error: unknown, executablePath: string, options: LaunchOptions): LaunchError {
  const detail = error instanceof Error ? error.message : String(error);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (/no-sandbox|without --no-sandbox|running as root/i.test(detail) || (root && !options.noSandbox)) {
    return new LaunchError(
      `Chromium (${executablePath}) refused to start: it cannot use its sandbox when running as root. ` +
        'Run the server as an ordinary user, or (containers and CI) pass --no-sandbox to mcp-server-puppeteer.',
      { cause: error }
    );
  }
  if (/SingletonLock|profile.*in use|ProcessSingleton/i.test(detail)) {
    return new LaunchError(
      `The profile ${options.userDataDir} is in use by another Chromium. Close it, or leave --user-data-dir unset ` +
        'for an isolated temporary profile.',
      { cause: error }
    );
  }
  return new LaunchError(`Chromium (${executablePath}) failed to start: ${detail.split('\n')[0]!.slice(0, 300)}`, {
    cause: error
  });
}
