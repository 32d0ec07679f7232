import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackClient } from '../src/slack/client.js';
import { Directory } from '../src/slack/directory.js';
import { BOT_TOKEN, startFakeSlack, type FakeSlack } from './fake-slack/server.js';
import { seedWorkspace } from './fake-slack/state.js';
import { waitFor } from '@mcp-catalog/shared/testing';

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Directory', () => {
  it('warms up in the background, pages through lists, and writes a 0600 cache without tokens', async () => {
    fake = await startFakeSlack({
      seed: (s) => {
        seedWorkspace(s);
        for (let i = 0; i < 450; i++) s.addUser({ id: `UX${i}`, name: `user${i}` });
      }
    });
    fake.fault('users.list', { kind: 'delay', ms: 300 });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'slack-dir-')), 'cache.json');
    const directory = new Directory(new SlackClient({ botToken: BOT_TOKEN, apiUrl: fake.url }), { cacheFile: file });
    const started = performance.now();
    directory.warmUp();
    expect(performance.now() - started).toBeLessThan(100);
    await waitFor(() => statSync(file, { throwIfNoEntry: false }) !== undefined, 10_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toMatch(/xox|faketoken/);
    expect(fake.callsTo('users.list').length).toBe(3); // 454 users, 200 a page
    expect(directory.userName('UX449')).toBe('user449');

    // A second directory reads the cache instead of Slack.
    fake.clearCalls();
    const again = new Directory(new SlackClient({ botToken: BOT_TOKEN, apiUrl: fake.url }), { cacheFile: file });
    again.warmUp();
    await waitFor(() => again.userName('UALICE') !== undefined, 5_000);
    await again.allUsers();
    expect(fake.callsTo('users.list')).toEqual([]);
  });

  it('resolves names, refreshes once for a new channel, and reports ambiguity', async () => {
    fake = await startFakeSlack({ seed: seedWorkspace });
    let now = 1_000_000;
    const directory = new Directory(new SlackClient({ botToken: BOT_TOKEN, apiUrl: fake.url }), { now: () => now });
    expect(await directory.resolveChannel('#general')).toMatchObject({ ok: true, value: { id: 'C0GENERAL' } });
    fake.state.addChannel({ id: 'C0NEW', name: 'new', is_channel: true, is_member: true });
    now += 60_000;
    expect(await directory.resolveChannel('new')).toMatchObject({ ok: true, value: { id: 'C0NEW' } });
    fake.state.addUser({ id: 'UBOB2', name: 'bob2', profile: { display_name: 'bobby' } });
    await directory.allUsers(undefined, { fresh: true });
    expect(await directory.resolveUser('@bobby')).toEqual({ ok: false, reason: 'ambiguous', candidates: ['UBOB', 'UBOB2'] });
    expect(await directory.resolveUser('@alice')).toMatchObject({ ok: true, value: { id: 'UALICE' } });
  });
});
