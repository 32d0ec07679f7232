import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { WebClient } from '@slack/web-api';
import { connectManifest } from '@mcp-catalog/shared/testing';
import { manifest } from '../src/manifest.js';
import { BOT_TOKEN, USER_TOKEN, startFakeSlack, type FakeSlack } from '../test/fake-slack/server.js';
import { seedBusyChannel } from './fixtures.js';

/*
 * On demand (`pnpm bench`), never in `npm test`. All traffic goes to the fake Web API on
 * 127.0.0.1. Prints and stores (bench/.data/results.json):
 *  - tools/list bytes, against the archived @modelcontextprotocol/server-slack (3 116 bytes for 8 tools,
 *    measured with its 2025.4.25 release over stdio);
 *  - result bytes of a 200-message get_channel_history against the raw conversations.history JSON;
 *  - per-call time of get_channel_history (50 messages) through the in-memory MCP client against a
 *    bare WebClient call of the same method on the same fake.
 */
const REFERENCE_TOOLS_LIST_BYTES = 3_116;

let fake: FakeSlack;
let mcp: Awaited<ReturnType<typeof connectManifest>>;
let bare: WebClient;

async function timeIt(fn: () => Promise<unknown>, n: number): Promise<{ median: number; min: number }> {
  for (let i = 0; i < 20; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(n / 2)]!, min: samples[0]! };
}

beforeAll(async () => {
  fake = await startFakeSlack({ seed: (s) => seedBusyChannel(s, 200) });
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_USER_TOKEN: USER_TOKEN, SLACK_API_URL: fake.url };
  mcp = await connectManifest(manifest, { argv: ['--database', ':memory:', '--post-channels', '#general'], env });
  bare = new WebClient(BOT_TOKEN, { slackApiUrl: fake.url, allowAbsoluteUrls: false, retryConfig: { retries: 0 } });
  await (mcp.deps as { policy(): Promise<unknown> }).policy();

  const all = (await mcp.client.listTools()).tools;
  const readOnly = await connectManifest(manifest, { argv: ['--database', ':memory:'], env });
  const reads = (await readOnly.client.listTools()).tools;
  await readOnly.close();

  const raw = await fetch(`${fake.url}conversations.history`, {
    method: 'POST', headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'channel=C0GENERAL&limit=200'
  }).then((r) => r.text());
  const ours = await mcp.client.callTool({ name: 'get_channel_history', arguments: { channel: 'C0GENERAL', limit: 200 } });
  const oursBytes = Buffer.byteLength(JSON.stringify({ content: ours.content, structuredContent: ours.structuredContent }));
  const oursText = Buffer.byteLength((ours.content as { text: string }[])[0]!.text);

  const bareMs = await timeIt(() => bare.conversations.history({ channel: 'C0GENERAL', limit: 50 }), 200);
  const oursMs = await timeIt(() => mcp.client.callTool({ name: 'get_channel_history', arguments: { channel: 'C0GENERAL', limit: 50 } }), 200);

  const results = {
    toolsList: {
      readTools: { tools: reads.length, bytes: Buffer.byteLength(JSON.stringify(reads)) },
      allTools: { tools: all.length, bytes: Buffer.byteLength(JSON.stringify(all)) },
      reference: { tools: 8, bytes: REFERENCE_TOOLS_LIST_BYTES }
    },
    history200: {
      rawBytes: Buffer.byteLength(raw),
      resultBytes: oursBytes,
      textBytes: oursText,
      resultRatio: +(oursBytes / Buffer.byteLength(raw)).toFixed(3),
      textRatio: +(oursText / Buffer.byteLength(raw)).toFixed(3)
    },
    perCallMs: {
      bareWebClient: { median: +bareMs.median.toFixed(3), min: +bareMs.min.toFixed(3) },
      getChannelHistory: { median: +oursMs.median.toFixed(3), min: +oursMs.min.toFixed(3) },
      medianRatio: +(oursMs.median / bareMs.median).toFixed(3),
      minRatio: +(oursMs.min / bareMs.min).toFixed(3)
    }
  };
  mkdirSync(new URL('./.data/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./.data/results.json', import.meta.url), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
}, 300_000);

afterAll(async () => {
  await mcp?.close();
  await fake?.close();
});

describe('get_channel_history, 50 messages, against the same local fake', () => {
  bench('bare WebClient conversations.history', async () => {
    await bare.conversations.history({ channel: 'C0GENERAL', limit: 50 });
  }, { iterations: 200, warmupIterations: 20 });
  bench('mcp-server-slack get_channel_history (in-memory client)', async () => {
    await mcp.client.callTool({ name: 'get_channel_history', arguments: { channel: 'C0GENERAL', limit: 50 } });
  }, { iterations: 200, warmupIterations: 20 });
});
