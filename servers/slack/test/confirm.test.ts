import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers/harness.js';

type Answer = { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, boolean> };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function withAnswer(answer: Answer | undefined, argv: string[] = ['--post-channels', '#general'], modern = false) {
  const asked: string[] = [];
  h = await harness(argv, {
    client: {
      ...(answer ? { capabilities: { elicitation: { form: {} } } } : {}),
      setup: (c) => {
        if (modern) c.setVersionNegotiation({ mode: { pin: '2026-07-28' } });
        if (!answer) return;
        c.setRequestHandler('elicitation/create', async (request) => {
          asked.push((request.params as { message: string }).message);
          return answer;
        });
      }
    }
  });
  return asked;
}

describe('the person confirms each write when the client can ask', () => {
  it.each([false, true])('sends after approval, showing destination and text (2026-07-28 era: %s)', async (modern) => {
    const asked = await withAnswer({ action: 'accept', content: { approve: true } }, undefined, modern);
    const r = await h!.call('post_message', { channel: '#general', text: 'Ship it' });
    expect(r.isError).toBeFalsy();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/channel C0GENERAL:\n\nShip it/);
    expect(h!.fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it.each<Answer>([
    { action: 'decline' },
    { action: 'cancel' },
    { action: 'accept', content: { approve: false } }
  ])('sends nothing when the person answers %j', async (answer) => {
    await withAnswer(answer);
    const r = await h!.call('post_message', { channel: '#general', text: 'Ship it' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/did not approve/);
    expect(h!.fake.callsTo('chat.postMessage')).toEqual([]);
    const audit = await h!.call('get_audit_log', {});
    expect(audit.structured.entries[0].outcome).toBe('declined');
  });

  it('never asks about a post the policy refuses', async () => {
    const asked = await withAnswer({ action: 'accept', content: { approve: true } });
    expect((await h!.call('post_message', { channel: '#secret', text: 'x' })).isError).toBe(true);
    expect(asked).toEqual([]);
  });

  it('without elicitation: the policy decides under --confirm ask, and refuses under --confirm require', async () => {
    await withAnswer(undefined);
    expect((await h!.call('post_message', { channel: '#general', text: 'ok' })).isError).toBeFalsy();
    await h!.close();
    await withAnswer(undefined, ['--post-channels', '#general', '--confirm', 'require']);
    const r = await h!.call('post_message', { channel: '#general', text: 'ok' });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/requires the person to confirm/);
    expect(h!.fake.callsTo('chat.postMessage')).toEqual([]);
  });
});
