import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectManifest, type ConnectedManifest } from '@mcp-catalog/shared/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession } from '../src/browser/session.js';
import { parseStorageState, readStorageState, StorageStateError } from '../src/browser/storage-state.js';
import type { Deps } from '../src/deps.js';
import { manifest } from '../src/manifest.js';
import { browserSettings, html, startSite, type Site } from './fixtures.js';

const launch = browserSettings();
let dir: string;
let site: Site;
/** Cookie headers the site received, by path. */
const cookieHeaders: string[] = [];

// The page shows what it can read: the cookie jar (non-HttpOnly part) and its localStorage.
const PAGE = html(`
  <h1>Account</h1>
  <p id="cookies"></p><p id="storage"></p>
  <script>
    document.getElementById('cookies').textContent = 'cookies=' + document.cookie;
    document.getElementById('storage').textContent = 'theme=' + localStorage.getItem('theme') + ' draft=' + localStorage.getItem('draft');
  </script>
  <button onclick="localStorage.setItem('draft', 'written by page'); document.cookie = 'later=2; path=/'">Write</button>`);

type Result = Awaited<ReturnType<ConnectedManifest<Deps>['client']['callTool']>>;
const textOf = (result: Result) =>
  (result.content as Array<{ type: string; text?: string }>).find((c) => c.type === 'text')!.text!;
async function ok(server: ConnectedManifest<Deps>, name: string, args: Record<string, unknown> = {}) {
  const result = await server.client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
  return result;
}
const argv = (...rest: string[]) => [
  '--executable-path',
  launch.executablePath!,
  ...(launch.noSandbox ? ['--no-sandbox'] : []),
  '--allowed-page-origins',
  site.origin,
  ...rest
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'puppeteer-storage-'));
  site = await startSite({
    '/': (req, res) => {
      cookieHeaders.push(req.headers.cookie ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    }
  });
});

afterAll(async () => {
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('storage-state files', () => {
  it('accepts Playwright’s format and fills defaults', () => {
    const state = parseStorageState(
      JSON.stringify({
        cookies: [{ name: 'a', value: '1', domain: 'example.com', path: '/', expires: -1, sameSite: 'Lax' }],
        origins: [{ origin: 'https://example.com', localStorage: [{ name: 'k', value: 'v' }] }]
      }),
      'state.json'
    );
    expect(state.cookies[0]).toMatchObject({ httpOnly: false, secure: false, expires: -1 });
    expect(parseStorageState('{}', 'x.json')).toEqual({ cookies: [], origins: [] });
  });

  it('says what is wrong with a bad file, naming the file and the field', () => {
    expect(() => parseStorageState('{"cookies": [', 'bad.json')).toThrow(/bad\.json is not JSON/);
    expect(() => parseStorageState('{"cookies": [{"name": "a"}]}', 'bad.json')).toThrow(
      /bad\.json is not in the expected form: cookies\.0\.value/
    );
    expect(() =>
      parseStorageState('{"origins": [{"origin": "https://a.test/path", "localStorage": []}]}', 'bad.json')
    ).toThrow(/origins\.0\.origin: must be an http\(s\) origin/);
    expect(() => parseStorageState('{"origins": [{"origin": "file:///etc", "localStorage": []}]}', 'b')).toThrow(
      StorageStateError
    );
    expect(() => readStorageState(join(dir, 'missing.json'))).toThrow(/cannot be read \(ENOENT\).*--storage-state/);
  });

  it('stops start-up with the reason instead of failing later', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"cookies": "nope"}');
    await expect(connectManifest<Deps>(manifest, { argv: argv('--storage-state', bad) })).rejects.toThrow(
      /storage state .*bad\.json is not in the expected form: cookies/
    );
  });
});

describe('a state Chromium refuses', () => {
  it('fails the launch with the reason and closes that browser, so the next call does not leak another', async () => {
    const session = new BrowserSession(
      browserSettings({
        allowedOrigins: [site.origin],
        // A fixed profile: had the first browser been left running, the second launch would fail with
        // "profile in use" instead of the same storage-state error.
        userDataDir: join(dir, 'profile'),
        storageState: {
          cookies: [
            { name: 'a;b', value: 'x', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: false, secure: false }
          ],
          origins: []
        }
      })
    );
    try {
      await expect(session.current()).rejects.toThrow(
        /did not accept the --storage-state file: .*Invalid cookie fields/
      );
      expect(session.started).toBe(false);
      await expect(session.current()).rejects.toThrow(StorageStateError);
    } finally {
      await session.close();
    }
  });
});

describe('--storage-state and save_storage_state', () => {
  it('loads cookies and localStorage at launch without a request, and saves them back to the operator’s path', async () => {
    const input = join(dir, 'in.json');
    const output = join(dir, 'out', 'state.json');
    await writeFile(
      input,
      JSON.stringify({
        cookies: [
          {
            name: 'session',
            value: 'abc123',
            domain: '127.0.0.1',
            path: '/',
            expires: -1,
            httpOnly: true,
            secure: false,
            sameSite: 'Lax'
          },
          {
            name: 'visible',
            value: 'yes',
            domain: '127.0.0.1',
            path: '/',
            expires: Math.floor(Date.now() / 1000) + 3600,
            httpOnly: false,
            secure: false,
            sameSite: 'Lax'
          }
        ],
        origins: [
          { origin: site.origin, localStorage: [{ name: 'theme', value: 'dark' }] },
          // Not visited in this run: saving must keep it as loaded.
          { origin: 'http://localhost:9', localStorage: [{ name: 'token', value: 'kept' }] }
        ]
      })
    );
    const server = await connectManifest<Deps>(manifest, {
      argv: argv('--storage-state', input, '--save-storage-state-path', output)
    });
    try {
      const names = (await server.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('save_storage_state');
      // Launching (and seeding localStorage, which answers its own request inside Chromium) sends the site nothing.
      await ok(server, 'list_pages');
      expect(server.deps.session.started).toBe(true);
      expect(site.hits).toEqual([]);
      await ok(server, 'navigate_page', { url: `${site.origin}/` });
      expect(site.hits.filter((hit) => hit === 'GET /')).toHaveLength(1);
      expect(cookieHeaders.at(-1)).toContain('session=abc123');
      expect(cookieHeaders.at(-1)).toContain('visible=yes');
      const text = textOf(await ok(server, 'get_page_text'));
      expect(text).toContain('cookies=visible=yes'); // the HttpOnly cookie stays hidden from the page
      expect(text).toContain('theme=dark draft=null');

      const snapshot = textOf(await ok(server, 'take_snapshot'));
      const ref = /button "Write" \[(e\d+)\]/.exec(snapshot)![1]!;
      await ok(server, 'click_element', { ref });
      const saved = await ok(server, 'save_storage_state');
      expect(saved.structuredContent).toMatchObject({
        path: output,
        cookies: 3,
        origins: [site.origin, 'http://localhost:9']
      });
      expect((await stat(output)).mode & 0o777).toBe(0o600);
      expect(await readdir(join(dir, 'out'))).toEqual(['state.json']); // no temporary file left behind
      const state = readStorageState(output);
      expect(state.cookies.map((c) => c.name).sort()).toEqual(['later', 'session', 'visible']);
      expect(state.cookies.find((c) => c.name === 'session')).toMatchObject({ httpOnly: true, expires: -1 });
      expect(state.origins).toEqual([
        {
          origin: site.origin,
          localStorage: expect.arrayContaining([
            { name: 'theme', value: 'dark' },
            { name: 'draft', value: 'written by page' }
          ])
        },
        { origin: 'http://localhost:9', localStorage: [{ name: 'token', value: 'kept' }] }
      ]);
      // Counts and origins only: the text never repeats a cookie value.
      expect(textOf(saved)).not.toContain('abc123');
    } finally {
      await server.close();
    }

    // The saved file is a valid --storage-state for the next run.
    const again = await connectManifest<Deps>(manifest, { argv: argv('--storage-state', output) });
    try {
      expect((await again.client.listTools()).tools.map((t) => t.name)).not.toContain('save_storage_state');
      await ok(again, 'navigate_page', { url: `${site.origin}/` });
      expect(cookieHeaders.at(-1)).toContain('later=2');
      expect(textOf(await ok(again, 'get_page_text'))).toContain('theme=dark draft=written by page');
    } finally {
      await again.close();
    }
    expect(JSON.parse(await readFile(output, 'utf8'))).toHaveProperty('origins');
  });
});
