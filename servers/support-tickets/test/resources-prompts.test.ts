import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startHarness, type Harness } from './helpers/harness.js';

describe.each(BACKENDS)('resources and prompts over the %s backend', (kind) => {
  let harness: Harness;
  let client: Client;
  beforeAll(async () => {
    harness = await startHarness(kind, { enablePublicReplies: true });
    client = await harness.connect();
  });
  afterAll(() => harness.close());

  const promptText = async (name: string, args: Record<string, string>) =>
    ((await client.getPrompt({ name, arguments: args })).messages[0]!.content as { text: string }).text;

  it('offers tickets://{id} and lists the 50 most recently updated tickets without customer-written titles', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['tickets://{id}']);
    const { resources } = await client.listResources();
    expect(resources).toHaveLength(50);
    expect(resources[0]).toMatchObject({
      uri: expect.stringMatching(/^tickets:\/\/\d+$/),
      title: expect.stringMatching(/^Ticket #\d+ \(\w+, \w+\)$/)
    });
    expect(JSON.stringify(resources)).not.toMatch(/ignore previous/);
  });

  it('reads a ticket as fenced text', async () => {
    const { contents } = await client.readResource({ uri: 'tickets://1003' });
    expect(contents[0]).toMatchObject({ uri: 'tickets://1003', mimeType: 'text/plain' });
    const text = (contents[0] as { text: string }).text;
    expect(text).toMatch(/^Text inside <untrusted-data> blocks/);
    expect(text).toMatch(/Ticket #1003 · open · urgent/);
    expect(text).toMatch(/Comments 1-3 of 3/);
  });

  it.each(['tickets://999999', 'tickets://abc', 'tickets://0', 'tickets://99999999999'])(
    'answers %s with an error, not a crash',
    async (uri) => {
      await expect(client.readResource({ uri })).rejects.toThrow(/no ticket|use tickets:\/\/<number>/i);
    }
  );

  it('triage_ticket brings the ticket, the customer history and the agents, and asks for a recommendation', async () => {
    const text = await promptText('triage_ticket', { ticketId: '1001' });
    expect(text).toMatch(/^Triage support ticket #1001/);
    expect(text).toMatch(/Ticket #1001 · open · high/);
    expect(text).toMatch(/other tickets \(2, most recent first\)[\s\S]*#1040[\s\S]*#1021/);
    // Agent names come from the helpdesk's records: fenced like other third-party text.
    expect(text).toMatch(
      /Agents: .*<untrusted-data id="[0-9a-f]{12}">Priya Nair<\/untrusted-data id="[0-9a-f]{12}"> <priya\.nair@ledgerly\.example>/
    );
    expect(text).toMatch(/update_ticket/);
    expect(text).toMatch(/Do not send anything to the customer/);
  });

  it('draft_reply asks for a draft in the chosen tone and to send only what the user approves', async () => {
    const text = await promptText('draft_reply', { ticketId: '1003', tone: 'formal' });
    expect(text).toMatch(/formal and precise/);
    expect(text).toMatch(/add_public_reply only after the user approves/);
    expect(text).toMatch(/Ticket #1003/);
  });

  it.each([
    ['triage_ticket', { ticketId: 'abc' }, /ticketId must be a ticket number/],
    ['triage_ticket', {}, /ticketId/],
    ['triage_ticket', { ticketId: '999999' }, /There is no ticket #999999/],
    ['draft_reply', { ticketId: '1001', tone: 'angry' }, /tone/]
  ])('%s answers bad arguments %j with an error', async (name, args, message) => {
    await expect(client.getPrompt({ name, arguments: args as Record<string, string> })).rejects.toThrow(message);
  });
});
