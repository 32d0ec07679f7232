#!/usr/bin/env node
// Side-by-side benchmark against the peer browser servers, on demand only (`pnpm bench`), never in
// `npm test`. Every server drives the same Chromium against the same pages on 127.0.0.1.
// Peers: PEERS_DIR (default /tmp/peers) holding @playwright/mcp@0.0.83 and chrome-devtools-mcp@1.11.0
// (`npm i --prefix /tmp/peers @playwright/mcp@0.0.83 chrome-devtools-mcp@1.11.0`).
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PEERS = process.env.PEERS_DIR || '/tmp/peers';
const RUNS = Number(process.env.BENCH_RUNS || 5);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const ours = fileURLToPath(new URL('../dist/index.js', import.meta.url));

// Pages: a sign-up form, a 300-item catalog, and a 10,000-element page.
const form = `<h1>Create your account</h1><form>
  ${['First name', 'Last name', 'Email', 'Phone', 'Company', 'City'].map((l) => `<label>${l} <input name="${l}"></label>`).join('<br>')}
  <label>Plan <select><option>Free</option><option>Pro</option><option>Team</option></select></label>
  <fieldset><legend>Contact</legend><label><input type=radio name=c> Email</label><label><input type=radio name=c> Phone</label></fieldset>
  <label><input type=checkbox> I agree to the terms</label><button>Create account</button></form>
  <nav>${Array.from({ length: 10 }, (_, i) => `<a href="/doc/${i}">Documentation ${i}</a>`).join(' ')}</nav>`;
const catalog = `<h1>Catalog</h1><ul>${Array.from({ length: 300 }, (_, i) => `<li><h3>Product ${i}</h3><p>A fine product number ${i}, in stock.</p><a href="/p/${i}">Details</a> <button>Add to cart</button></li>`).join('')}</ul>`;
const huge = `<h1>Huge</h1>${Array.from({ length: 2500 }, (_, i) => `<div><span>Row ${i}</span> <a href="#r${i}">open ${i}</a> <button>Do ${i}</button></div>`).join('')}`;
const pages = { '/form': form, '/catalog': catalog, '/huge': huge };
const site = createServer((req, res) => {
  const body = pages[req.url ?? ''];
  if (!body) return res.writeHead(404).end();
  res
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><html><head><title>Bench</title></head><body>${body}</body></html>`);
});
await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${site.address().port}`;

const servers = [
  {
    name: 'mcp-server-puppeteer',
    command: process.execPath,
    args: [ours, '--executable-path', CHROMIUM, '--allowed-page-origins', origin, ...(root ? ['--no-sandbox'] : [])],
    env: {},
    async open(client, url) {
      // The snapshot part of navigate_page is switched off so every server does navigate + snapshot.
      await client.callTool({ name: 'navigate_page', arguments: { url, snapshotBytes: 0 } });
    },
    async snapshot(client) {
      const result = await client.callTool({ name: 'take_snapshot', arguments: {} });
      return textOf(result);
    },
    async fullSnapshot(client) {
      const result = await client.callTool({ name: 'take_snapshot', arguments: { maxBytes: 100_000 } });
      return textOf(result);
    }
  },
  {
    name: '@playwright/mcp 0.0.83',
    command: join(PEERS, 'node_modules/.bin/playwright-mcp'),
    args: ['--executable-path', CHROMIUM, '--headless', '--isolated', ...(root ? ['--no-sandbox'] : [])],
    env: {},
    async open(client, url) {
      await client.callTool({ name: 'browser_navigate', arguments: { url } });
    },
    async snapshot(client) {
      return textOf(await client.callTool({ name: 'browser_snapshot', arguments: {} }));
    }
  },
  {
    name: 'chrome-devtools-mcp 1.11.0',
    command: join(PEERS, 'node_modules/.bin/chrome-devtools-mcp'),
    args: ['--executablePath', CHROMIUM, '--headless', '--isolated', ...(root ? ['--chromeArg=--no-sandbox'] : [])],
    env: { CHROME_DEVTOOLS_MCP_NO_USAGE_STATISTICS: '1' },
    pageId: undefined,
    async open(client, url) {
      if (this.pageId === undefined) {
        const listed = await client.callTool({ name: 'list_pages', arguments: {} });
        const id = /(\d+):/.exec(textOf(listed));
        this.pageId = id ? Number(id[1]) : 1;
      }
      const result = await client.callTool({
        name: 'navigate_page',
        arguments: { url, pageId: this.pageId, type: 'url' }
      });
      if (result.isError) throw new Error(textOf(result));
    },
    async snapshot(client) {
      return textOf(await client.callTool({ name: 'take_snapshot', arguments: { pageId: this.pageId } }));
    }
  }
];

function textOf(result) {
  return (result.content ?? [])
    .filter((c) => c.type === 'text')
    .map((c) => c.text)
    .join('\n');
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function connect(server) {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: { ...process.env, ...server.env },
    stderr: 'ignore'
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const results = [];
for (const server of servers) {
  if (server.command !== process.execPath && !existsSync(server.command)) {
    console.error(`skipping ${server.name}: ${server.command} is missing`);
    continue;
  }
  const spawnTimes = [];
  let schemaBytes = 0;
  let toolCount = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const client = await connect(server);
    const { tools } = await client.listTools();
    spawnTimes.push(performance.now() - started);
    schemaBytes = Buffer.byteLength(JSON.stringify(tools));
    toolCount = tools.length;
    await client.close();
  }
  const client = await connect(server);
  const row = { server: server.name, tools: toolCount, schemaBytes, spawnToToolsListMs: median(spawnTimes) };
  for (const path of Object.keys(pages)) {
    await server.open(client, `${origin}${path}`); // warm-up (and the browser launch)
    await server.snapshot(client);
    const times = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await server.open(client, `${origin}${path}?run=${i}`.replace(/\?run=\d+$/, ''));
      const text = await server.snapshot(client);
      times.push(performance.now() - started);
      bytes = Buffer.byteLength(text);
    }
    row[`${path} snapshotBytes`] = bytes;
    if (server.fullSnapshot) row[`${path} fullSnapshotBytes`] = Buffer.byteLength(await server.fullSnapshot(client));
    row[`${path} navigate+snapshotMs`] = Math.round(median(times));
  }
  await client.close();
  results.push(row);
  console.error(JSON.stringify(row));
}
site.close();
console.log(JSON.stringify(results, null, 2));
