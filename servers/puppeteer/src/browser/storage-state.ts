import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import * as z from 'zod';

/** Largest storage-state file read: a profile's worth of cookies and localStorage, not a dump of anything. */
export const MAX_STORAGE_STATE_BYTES = 5 * 1024 * 1024;

const cookieSchema = z.object({
  name: z.string().max(4096),
  value: z.string().max(4096),
  domain: z.string().min(1).max(255),
  path: z.string().max(1024).default('/'),
  /** Unix seconds; -1 (Playwright's form) or absent is a session cookie. */
  expires: z.number().default(-1),
  httpOnly: z.boolean().default(false),
  secure: z.boolean().default(false),
  sameSite: z.enum(['Strict', 'Lax', 'None']).optional()
});

const originSchema = z.object({
  origin: z
    .string()
    .max(300)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
      } catch {
        return false;
      }
    }, 'must be an http(s) origin like https://app.example.com (scheme, host and port, no path)'),
  localStorage: z.array(z.object({ name: z.string().max(4096), value: z.string().max(1_000_000) })).max(10_000)
});

/** Playwright's storage-state format (`context.storageState()`), so files move between the two. */
export const storageStateSchema = z.object({
  cookies: z.array(cookieSchema).max(10_000).default([]),
  origins: z.array(originSchema).max(1000).default([])
});

export type StorageState = z.infer<typeof storageStateSchema>;

export class StorageStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageStateError';
  }
}

/** Parses a storage-state document; every problem names the file and the field. */
export function parseStorageState(text: string, file: string): StorageState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StorageStateError(
      `The storage state ${file} is not JSON (${(error as Error).message.slice(0, 200)}). ` +
        'Give a file written by save_storage_state or Playwright\'s context.storageState(): {"cookies": [...], "origins": [...]}.'
    );
  }
  const parsed = storageStateSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`)
      .join('; ');
    throw new StorageStateError(
      `The storage state ${file} is not in the expected form: ${issues}. ` +
        'Expected {"cookies": [{name, value, domain, path, expires, httpOnly, secure, sameSite}], "origins": [{origin, localStorage: [{name, value}]}]}.'
    );
  }
  return parsed.data;
}

/** Reads and checks the file (synchronously: it runs once, at start-up, on a size-capped file). */
export function readStorageState(file: string): StorageState {
  let text: string;
  try {
    const buffer = readFileSync(file);
    if (buffer.byteLength > MAX_STORAGE_STATE_BYTES)
      throw new StorageStateError(
        `The storage state ${file} is ${buffer.byteLength} bytes; the limit is ${MAX_STORAGE_STATE_BYTES}.`
      );
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof StorageStateError) throw error;
    throw new StorageStateError(
      `The storage state ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the path given to --storage-state.`
    );
  }
  return parseStorageState(text, file);
}

/** Sets the cookies browser-wide, then writes each origin's localStorage without any request leaving Chromium. */
export async function applyStorageState(control: CDPSession, page: Page, state: StorageState): Promise<void> {
  if (state.cookies.length) {
    await control.send('Storage.setCookies', {
      cookies: state.cookies.map((c) => ({
        name: c.name,
        value: c.value,
        domain: c.domain,
        path: c.path,
        httpOnly: c.httpOnly,
        secure: c.secure,
        ...(c.sameSite ? { sameSite: c.sameSite } : {}),
        ...(c.expires > 0 ? { expires: c.expires } : {})
      }))
    });
  }
  const origins = state.origins.filter((o) => o.localStorage.length > 0);
  if (!origins.length) return;
  // localStorage belongs to a document of the origin: every request of this page is answered here with an
  // empty document (Fetch interception, before the network), so seeding sends nothing anywhere.
  const client = await page.createCDPSession();
  try {
    await client.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
    client.on('Fetch.requestPaused', (event) => {
      void client
        .send('Fetch.fulfillRequest', {
          requestId: event.requestId,
          responseCode: 200,
          responseHeaders: [{ name: 'content-type', value: 'text/html' }],
          body: ''
        })
        .catch(() => {});
    });
    for (const { origin, localStorage } of origins) {
      await page.goto(`${origin}/`, { waitUntil: 'load' });
      // Our own empty document: no page script runs here, so the main world is safe to use.
      await page.evaluate((entries: { name: string; value: string }[]) => {
        const store = (globalThis as unknown as { localStorage: { setItem(name: string, value: string): void } })
          .localStorage;
        for (const { name, value } of entries) store.setItem(name, value);
      }, localStorage);
    }
    await page.goto('about:blank');
  } finally {
    await client.send('Fetch.disable').catch(() => {});
    await client.detach().catch(() => {});
  }
}

/**
 * Cookies of the whole browser and localStorage of the origins open in `pages` (as Playwright writes them).
 * localStorage is read over CDP (DOMStorage), not by script in the page, so a page cannot stall or fake it.
 */
export async function captureStorageState(control: CDPSession, pages: readonly Page[]): Promise<StorageState> {
  const { cookies } = await control.send('Storage.getCookies', {});
  const origins = new Map<string, { name: string; value: string }[]>();
  for (const page of pages) {
    const wanted = new Set<string>();
    for (const frame of page.frames()) {
      try {
        const origin = new URL(frame.url()).origin;
        if (/^https?:/.test(origin) && !origins.has(origin)) wanted.add(origin);
      } catch {
        // about:blank and the like have no origin to save.
      }
    }
    if (!wanted.size) continue;
    const client = await page.createCDPSession();
    try {
      await client.send('DOMStorage.enable');
      for (const origin of wanted) {
        const result = await client
          .send('DOMStorage.getDOMStorageItems', { storageId: { securityOrigin: origin, isLocalStorage: true } })
          .catch(() => undefined);
        if (result)
          origins.set(
            origin,
            result.entries.map(([name, value]) => ({ name: name!, value: value ?? '' }))
          );
      }
    } finally {
      await client.detach().catch(() => {});
    }
  }
  return {
    cookies: cookies.map((c) => ({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      expires: c.session ? -1 : c.expires,
      httpOnly: c.httpOnly,
      secure: c.secure,
      ...(c.sameSite ? { sameSite: c.sameSite } : {})
    })),
    origins: [...origins].map(([origin, localStorage]) => ({ origin, localStorage }))
  };
}

/** Writes atomically (temp file + rename), readable by the owner only: cookies are credentials. */
export async function writeStorageState(file: string, state: StorageState): Promise<number> {
  const text = JSON.stringify(state, null, 2) + '\n';
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // A fresh name each time, created exclusively: two saves never share a temporary file, and none is followed.
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
  return Buffer.byteLength(text);
}
