import type { Client } from '@modelcontextprotocol/client';
import type { ConnectedClient, ConnectedManifest } from '@mcp-catalog/shared/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../src/deps.js';
import { connectSitemonitor } from './connect.js';
import { waitFor } from '@mcp-catalog/shared/testing';
import { startHttpSite, type LocalSite } from './fixtures.js';

let site: LocalSite;
let healthy = true;
const sessions: ConnectedClient[] = [];
let deps: Deps | undefined;

beforeAll(async () => {
  site = await startHttpSite();
  site.routes.set('/ok', (_req, res) => res.writeHead(200).end('ok'));
  site.routes.set('/toggle', (_req, res) =>
    healthy ? res.writeHead(200).end('fine') : res.writeHead(502, 'Bad ``` Gateway').end()
  );
});

afterAll(() => site.close());

afterEach(async () => {
  // The first session owns the process-wide deps: close it last.
  for (const session of sessions.splice(0).reverse()) await session.close();
  deps = undefined;
  healthy = true;
});

function setup(settings: Record<string, unknown> = {}, schedulerTickMs?: number) {
  let first: Promise<ConnectedManifest<Deps>> | undefined;
  return async (modern = false): Promise<Client> => {
    const client = modern
      ? { setup: (c: Client) => c.setVersionNegotiation({ mode: { pin: '2026-07-28' } }) }
      : undefined;
    if (!first) {
      first = connectSitemonitor(settings, {
        ...(schedulerTickMs ? { schedulerTickMs } : {}),
        ...(client ? { client } : {})
      });
      const session = await first;
      deps = session.deps;
      sessions.push(session);
      return session.client;
    }
    const session = await (await first).connectAgain(client);
    sessions.push(session);
    return session.client;
  };
}

async function addMonitor(client: Client, route: string): Promise<number> {
  const result = await client.callTool({
    name: 'add_monitor',
    arguments: { url: `${site.origin}${route}`, intervalSeconds: 1 }
  });
  return (result.structuredContent as { monitor: { id: number } }).monitor.id;
}

const readJson = async (client: Client, uri: string) => {
  const { contents } = await client.readResource({ uri });
  return JSON.parse((contents[0] as { text: string }).text) as Record<string, any>;
};

function collectUpdates(client: Client): string[] {
  const uris: string[] = [];
  client.setNotificationHandler('notifications/resources/updated', (notification) => {
    uris.push(notification.params.uri);
  });
  return uris;
}

describe('resources', () => {
  it('lists the config, the latest checks and one resource per monitor', async () => {
    const client = await setup()();
    const id = await addMonitor(client, '/ok');
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual([
      'sitemonitor://config',
      'sitemonitor://log/latest',
      `sitemonitor://monitors/${id}`
    ]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['sitemonitor://monitors/{monitorId}']);
    const capabilities = client.getServerCapabilities();
    expect(capabilities?.resources).toMatchObject({ subscribe: true });
  });

  it('reads the effective settings', async () => {
    const client = await setup({ maxMonitors: 7 })();
    expect(await readJson(client, 'sitemonitor://config')).toMatchObject({
      database: ':memory:',
      readOnly: false,
      allowPrivateTargets: true,
      maxMonitors: 7,
      scheduler: { running: false },
      monitors: 0
    });
  });

  it('reads a monitor with its recent checks and the latest checks across monitors', async () => {
    const client = await setup()();
    const id = await addMonitor(client, '/ok');
    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: id } });
    const monitor = await readJson(client, `sitemonitor://monitors/${id}`);
    expect(monitor).toMatchObject({
      monitor: { id, status: 'up' },
      openIncident: null,
      recentChecks: [{ verdict: 'up', statusCode: 200 }]
    });
    expect(await readJson(client, 'sitemonitor://log/latest')).toMatchObject({
      checks: [{ monitorId: id, url: `${site.origin}/ok` }]
    });
  });

  it.each([
    'sitemonitor://monitors/999',
    'sitemonitor://monitors/abc',
    'sitemonitor://monitors/0',
    'sitemonitor://monitors/1%20OR%201=1',
    'sitemonitor://nothing'
  ])('answers an unknown resource %s with an error', async (uri) => {
    const client = await setup()();
    await expect(client.readResource({ uri })).rejects.toThrow();
  });
});

describe('subscriptions', () => {
  it('sends resources/updated for subscribed monitors only (2025 era, resources/subscribe)', async () => {
    const client = await setup()();
    const watched = await addMonitor(client, '/toggle');
    const other = await addMonitor(client, '/ok');
    const updates = collectUpdates(client);
    await client.subscribeResource({ uri: `sitemonitor://monitors/${watched}` });

    healthy = false;
    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: watched } });
    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: other } });
    await waitFor(() => updates.length >= 1, 5_000, 'an update');
    expect(updates).toEqual([`sitemonitor://monitors/${watched}`]);

    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: watched } }); // still down: no change, no update
    await client.unsubscribeResource({ uri: `sitemonitor://monitors/${watched}` });
    healthy = true;
    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: watched } });
    await client.listTools(); // a round trip, so any stray notification would have arrived
    expect(updates).toEqual([`sitemonitor://monitors/${watched}`]);
  });

  it('refuses subscriptions to resources that never change or do not exist', async () => {
    const client = await setup()();
    await expect(client.subscribeResource({ uri: 'sitemonitor://config' })).rejects.toThrow(
      /only sitemonitor:\/\/monitors\/\{id\} and sitemonitor:\/\/log\/latest change/
    );
    await expect(client.subscribeResource({ uri: 'file:///etc/passwd' })).rejects.toThrow(/Cannot subscribe/);
    await client.subscribeResource({ uri: 'sitemonitor://log/latest' });
  });

  it('delivers updates through subscriptions/listen on the 2026-07-28 era', async () => {
    const connect = setup();
    const client = await connect(true);
    const watched = await addMonitor(client, '/toggle');
    const updates = collectUpdates(client);
    const subscription = await client.listen({ resourceSubscriptions: [`sitemonitor://monitors/${watched}`] });
    healthy = false;
    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: watched } });
    await waitFor(() => updates.length >= 1, 5_000, 'an update on the listen stream');
    expect(updates).toEqual([`sitemonitor://monitors/${watched}`]);
    await subscription.close();
  });

  it('tells each subscribed connection when the scheduler sees a state change', async () => {
    const connect = setup({ scheduler: true }, 20);
    const first = await connect();
    const second = await connect();
    const id = await addMonitor(first, '/toggle');
    const firstUpdates = collectUpdates(first);
    const secondUpdates = collectUpdates(second);
    await first.subscribeResource({ uri: `sitemonitor://monitors/${id}` });
    await second.subscribeResource({ uri: `sitemonitor://monitors/${id}` });
    await waitFor(() => deps!.store.getMonitor(id)!.status === 'up', 5_000, 'first scheduled check');
    const before = firstUpdates.length;
    healthy = false;
    await waitFor(
      () => firstUpdates.length > before && secondUpdates.length > before,
      8_000,
      'updates after the site went down'
    );
    expect(deps!.store.getMonitor(id)!.status).toBe('down');
  });

  it('drops a connection’s listener when it closes', async () => {
    const connect = setup();
    await connect(); // the first connection opens the process-wide deps and keeps them
    const baseline = deps!.events.listenerCount;
    await connect();
    await connect();
    expect(deps!.events.listenerCount).toBe(baseline + 2);
    for (const session of sessions.splice(1).reverse()) await session.close();
    expect(deps!.events.listenerCount).toBe(baseline);
  });
});

describe('debug_incident prompt', () => {
  it('is listed with its arguments', async () => {
    const client = await setup()();
    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([
      expect.objectContaining({
        name: 'debug_incident',
        arguments: [
          expect.objectContaining({ name: 'url', required: true }),
          expect.objectContaining({ name: 'statusCode', required: false })
        ]
      })
    ]);
  });

  it('pulls the monitor’s history and incidents into a checklist', async () => {
    const client = await setup()();
    const id = await addMonitor(client, '/toggle');
    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: id } });
    healthy = false;
    await client.callTool({ name: 'run_monitor_now', arguments: { monitorId: id } });
    const prompt = await client.getPrompt({
      name: 'debug_incident',
      arguments: { url: `${site.origin}/toggle`, statusCode: '502' }
    });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain(`Monitor #${id}`);
    expect(text).toContain('502 Bad Gateway: the proxy or load balancer');
    expect(text).toContain(`call get_uptime_report with monitorId=${id}`);
    expect(text).toContain(`call run_monitor_now with monitorId=${id}`);
    expect(text).toMatch(/"verdict": "down",\s+"status": 502/);
    // The site's status line carried a code fence; it must not close the data block early.
    const fences = text.match(/```/g) ?? [];
    expect(fences).toHaveLength(2);
    expect(text).toContain("Bad ''' Gateway");
  });

  it('says when no monitor watches the URL', async () => {
    const client = await setup()();
    const prompt = await client.getPrompt({
      name: 'debug_incident',
      arguments: { url: 'https://unmonitored.example/' }
    });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain('No monitor watches https://unmonitored.example/');
    expect(text).toContain('No status code given');
    expect(text).toContain('consider add_monitor');
  });

  it.each([
    [{}, /url/],
    [{ url: 'https://x.example/', statusCode: 'abc' }, /three-digit HTTP status/],
    [{ url: 'https://x.example/', statusCode: '999' }, /three-digit HTTP status/],
    [{ url: 'x'.repeat(3000) }, /url/]
  ])('rejects bad arguments %j', async (args, message) => {
    const client = await setup()();
    await expect(
      client.getPrompt({ name: 'debug_incident', arguments: args as Record<string, string> })
    ).rejects.toThrow(message);
  });
});
