import type { Client } from '@modelcontextprotocol/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNTRUSTED_NOTICE } from '../src/mcp/render.js';
import { BACKENDS, startHarness, textOf, type Harness } from './helpers/harness.js';

const READ_TOOLS = ['search_tickets', 'list_recent_tickets', 'get_ticket', 'get_customer_history', 'get_audit_log'];
const WRITE_TOOLS = ['add_internal_comment', 'update_ticket', 'create_ticket'];

describe.each(BACKENDS)('tools over the %s backend', (kind) => {
  let harness: Harness;
  let client: Client;
  beforeEach(async () => {
    harness = await startHarness(kind, { enablePublicReplies: true, replyConfirmation: 'if-supported' });
    client = await harness.connect();
  });
  afterEach(() => harness.close());

  const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });

  it('lists every tool with input and output schemas and honest annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...READ_TOOLS, ...WRITE_TOOLS, 'add_public_reply'].sort());
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(80);
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations?.readOnlyHint).toBe(READ_TOOLS.includes(tool.name));
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(byName.add_public_reply).toMatchObject({
      openWorldHint: true,
      destructiveHint: false,
      idempotentHint: false
    });
    expect(byName.update_ticket).toMatchObject({ openWorldHint: false, destructiveHint: true, idempotentHint: true });
    expect(byName.add_internal_comment).toMatchObject({
      openWorldHint: false,
      destructiveHint: false,
      idempotentHint: false
    });
    expect(tools.some((t) => /delete/i.test(t.name))).toBe(false);
  });

  describe('search_tickets', () => {
    it('finds tickets by words and filters, with SLA state, fenced text and a working cursor', async () => {
      const result = await call('search_tickets', { query: 'refund', status: ['new', 'pending'], limit: 2 });
      expect(result.isError).toBeFalsy();
      const page = result.structuredContent as {
        tickets: Array<Record<string, any>>;
        total: number;
        nextCursor: string;
      };
      expect(page.tickets).toHaveLength(2);
      expect(page.total).toBeGreaterThan(2);
      expect(page.tickets[0]).toMatchObject({
        status: expect.stringMatching(/new|pending/),
        subject: { untrusted: expect.any(String) },
        sla: { state: expect.any(String) }
      });
      const text = textOf(result);
      expect(text.startsWith(UNTRUSTED_NOTICE)).toBe(true);
      expect(text).toContain(`cursor="${page.nextCursor}"`);
      const next = await call('search_tickets', {
        query: 'refund',
        status: ['new', 'pending'],
        limit: 2,
        cursor: page.nextCursor
      });
      const ids = (next.structuredContent as typeof page).tickets.map((t) => t.id);
      expect(ids.some((id) => page.tickets.some((t) => t.id === id))).toBe(false);
    });

    it('filters by assignee, "unassigned", tag, dates and SLA breach', async () => {
      const ids = async (args: Record<string, unknown>) =>
        (
          (await call('search_tickets', { ...args, limit: 50 })).structuredContent as {
            tickets: Array<{ id: number; assignee: string | null }>;
          }
        ).tickets;
      expect((await ids({ assignee: 'unassigned' })).every((t) => t.assignee === null)).toBe(true);
      expect(
        (await ids({ assignee: 'priya.nair@ledgerly.example' })).every(
          (t) => t.assignee === 'priya.nair@ledgerly.example'
        )
      ).toBe(true);
      expect((await ids({ tag: 'sso' })).map((t) => t.id).sort()).toEqual([1003, 1023, 1041]);
      expect((await ids({ slaBreached: true, priority: ['urgent'] })).map((t) => t.id).sort()).toEqual([1002, 1003]);
      expect(await ids({ createdAfter: '2099-01-01' })).toEqual([]);
      expect((await ids({ updatedBefore: '2099-01-01T00:00:00+02:00', status: ['closed'] })).length).toBe(3);
    });

    it.each([
      [{}, /needs a query or at least one filter[\s\S]*list_recent_tickets/],
      [{ query: 'a' }, /at least 2 characters/],
      [{ query: 'x'.repeat(201) }, /at most 200 characters/],
      [{ query: '!! ??' }, /no letters or digits/],
      [{ status: ['lost'] }, /"status": status must be one of new, open, pending, on_hold, solved, closed, or a list/],
      [{ status: [] }, /"status"/],
      [{ status: 'lost' }, /"status": status must be one of new, open/],
      [{ priority: ['critical'] }, /"priority": priority must be one of low, normal, high, urgent, or a list/],
      [{ assignee: '' }, /"assignee"/],
      [{ tag: 'Has Space' }, /tags are 1-40 lower-case/],
      [{ createdAfter: 'yesterday' }, /created on or after must be a date/],
      [{ createdBefore: '2026-02-30' }, /created before must be a date/],
      [{ updatedAfter: 20260301 }, /"updatedAfter"/],
      [{ updatedBefore: 'soon' }, /updated before must be a date/],
      [{ createdAfter: '2026-03-02', createdBefore: '2026-03-01' }, /createdAfter must be earlier than createdBefore/],
      [{ slaBreached: 'yes' }, /"slaBreached"/],
      [{ query: 'refund', limit: 0 }, /limit must be at least 1/],
      [{ query: 'refund', limit: 51 }, /limit must be at most 50/],
      [{ query: 'refund', limit: 2.5 }, /"limit"/],
      [{ query: 'refund', cursor: 'garbage' }, /cursor is not a cursor this server issued/],
      [{ query: 'refund', cursor: 'x'.repeat(1001) }, /at most 1000 characters/],
      [{ query: 'refund', sort: 'new' }, /unknown argument "sort"/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('search_tickets', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });

    it('refuses a cursor from a different query', async () => {
      const first = await call('search_tickets', { query: 'invoice', limit: 1 });
      const cursor = (first.structuredContent as { nextCursor: string }).nextCursor;
      const result = await call('search_tickets', { query: 'refund', limit: 1, cursor });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/cursor belongs to a different query/);
    });
  });

  describe('list_recent_tickets', () => {
    it('lists the most recently updated tickets and pages through all of them', async () => {
      const seen: number[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const result = await call('list_recent_tickets', { limit: 20, ...(cursor ? { cursor } : {}) });
        const page = result.structuredContent as {
          tickets: Array<{ id: number; updatedAt: string }>;
          nextCursor: string | null;
        };
        seen.push(...page.tickets.map((t) => t.id));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toHaveLength(51);
      expect(new Set(seen).size).toBe(51);
    });

    it.each([
      [{ limit: 0 }, /limit must be at least 1/],
      [{ limit: '5' }, /"limit"/],
      [{ cursor: '' }, /"cursor"/],
      [{ cursor: 'abc' }, /not a cursor this server issued/],
      [{ status: ['open'] }, /unknown argument "status"/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('list_recent_tickets', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });
  });

  describe('get_ticket', () => {
    it('returns the ticket with comments, SLA and fenced customer text', async () => {
      const result = await call('get_ticket', { ticketId: 1003 });
      const out = result.structuredContent as Record<string, any>;
      expect(out.ticket).toMatchObject({
        id: 1003,
        status: 'open',
        priority: 'urgent',
        subject: { untrusted: 'SSO login loops back to the sign-in page' },
        customer: { email: 'li.wei@northwind.example', name: { untrusted: 'Li Wei' } },
        sla: { state: 'breached', resolution: { breached: true } },
        commentCount: 3
      });
      expect(out.comments.map((c: any) => [c.authorRole, c.public])).toEqual([
        ['agent', true],
        ['customer', true],
        ['agent', false]
      ]);
      expect(out).toMatchObject({ commentsTotal: 3, nextCommentsOffset: null });
      const text = textOf(result);
      expect(text).toMatch(/SLA breached: first response met .*; resolution overdue by/);
      expect(text).toMatch(/internal note/);
    });

    it('pages long threads', async () => {
      const result = await call('get_ticket', { ticketId: 1003, commentsLimit: 1, commentsOffset: 1 });
      expect(result.structuredContent).toMatchObject({ commentsTotal: 3, nextCommentsOffset: 2 });
      expect(textOf(result)).toContain('pass commentsOffset=2 for more');
    });

    it.each([
      [{}, /"ticketId": required/],
      [{ ticketId: 'ticket 1001' }, /ticketId must be a whole number, e\.g\. 1001 \(or "#1001"\)/],
      [{ ticketId: 0 }, /ticketId must be at least 1/],
      [{ ticketId: 1.5 }, /ticketId must be a whole number/],
      [{ ticketId: 1e12 }, /ticketId is too large/],
      [{ ticketId: 999_999 }, /There is no ticket #999999\.[\s\S]*search_tickets/],
      [{ ticketId: 1001, commentsOffset: -1 }, /commentsOffset must be 0 or more/],
      [{ ticketId: 1001, commentsLimit: 0 }, /commentsLimit must be at least 1/],
      [{ ticketId: 1001, commentsLimit: 101 }, /commentsLimit must be at most 100/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('get_ticket', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });
  });

  describe('get_customer_history', () => {
    it("lists the customer's other tickets from a ticket, or all of them from an email", async () => {
      const fromTicket = await call('get_customer_history', { ticketId: 1001 });
      const out = fromTicket.structuredContent as { customer: Record<string, any>; tickets: Array<{ id: number }> };
      expect(out.customer).toMatchObject({
        email: 'jane.cooper@brightpath.example',
        name: { untrusted: 'Jane Cooper' }
      });
      expect(out.tickets.map((t) => t.id).sort()).toEqual([1021, 1040]);
      const fromEmail = await call('get_customer_history', { customerEmail: 'Jane.Cooper@brightpath.example' });
      expect((fromEmail.structuredContent as typeof out).tickets.map((t) => t.id).sort()).toEqual([1001, 1021, 1040]);
      expect(textOf(fromEmail)).toMatch(/Customer #\d+: <untrusted-data/);
    });

    it.each([
      [{}, /exactly one of ticketId or customerEmail/],
      [{ ticketId: 1001, customerEmail: 'jane.cooper@brightpath.example' }, /exactly one of ticketId or customerEmail/],
      [{ customerEmail: 'not-an-email' }, /customerEmail must be an email address/],
      [{ customerEmail: 'nobody@nowhere.example' }, /No customer has the email nobody@nowhere\.example/],
      [{ ticketId: 999_999 }, /There is no ticket #999999/],
      [{ ticketId: -5 }, /ticketId must be at least 1/],
      [{ customerEmail: 'jane.cooper@brightpath.example', limit: 99 }, /limit must be at most 50/],
      [{ customerEmail: 'jane.cooper@brightpath.example', cursor: 'nope' }, /not a cursor/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('get_customer_history', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });
  });

  describe('add_internal_comment', () => {
    it('adds a staff-only note and records it in the audit log', async () => {
      const result = await call('add_internal_comment', { ticketId: 1001, body: '  Reproduced with the 16% rate.  ' });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        ticketId: 1001,
        comment: {
          public: false,
          authorName: { untrusted: 'MCP assistant' },
          body: { untrusted: 'Reproduced with the 16% rate.' }
        }
      });
      expect(textOf(result)).toMatch(/Only staff can see it/);
      const ticket = await harness.deps.backend.getTicket(1001);
      expect(ticket.commentCount).toBe(3);
      const [entry] = harness.deps.audit.query({ limit: 1 }).entries;
      expect(entry).toMatchObject({
        tool: 'add_internal_comment',
        ticketId: 1001,
        outcome: 'ok',
        actor: 'MCP assistant',
        client: 'mcp-catalog-test 0.0.0',
        details: { body: 'Reproduced with the 16% rate.' }
      });
    });

    it('keeps tabs, line breaks, emoji sequences and right-to-left script as written', async () => {
      const body = 'Steps:\r\n\t1. export 👨\u200d👩\u200d👧\nالعميل ينتظر';
      const result = await call('add_internal_comment', { ticketId: 1001, body });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ comment: { body: { untrusted: body.replace('\r', '') } } });
    });

    it.each([
      [{ ticketId: 1001 }, /"body": required/],
      [{ ticketId: 1001, body: '' }, /body must not be empty/],
      [{ ticketId: 1001, body: '   \n ' }, /body must not be empty/],
      [{ ticketId: 1001, body: 'x'.repeat(10_001) }, /body must be at most 10000 characters/],
      [{ ticketId: 1001, body: 'a\u0000b' }, /must not contain NUL/],
      [{ ticketId: 1001, body: 'Refund approved \u202edetaler' }, /body must not contain[\s\S]*U\+202E/],
      [{ ticketId: 1001, body: 'Looks fine\u{E0041}\u{E0042}' }, /body must not contain[\s\S]*tag characters/],
      [{ ticketId: 1001, body: 'half \ud83d an emoji' }, /body must not contain[\s\S]*unpaired surrogates/],
      [{ ticketId: 1001, body: 'bell\u0007' }, /body must not contain[\s\S]*control characters/],
      [{ ticketId: 1001, body: 42 }, /"body"/],
      [{ body: 'hello' }, /"ticketId": required/],
      [{ ticketId: 999_999, body: 'hello' }, /There is no ticket #999999/],
      [{ ticketId: 1009, body: 'hello' }, /closed[\s\S]*create_ticket/],
      [{ ticketId: 1001, body: 'hello', public: true }, /unknown argument "public"/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('add_internal_comment', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });
  });

  describe('update_ticket', () => {
    it('applies allowed changes, reports what changed, and is idempotent', async () => {
      const args = {
        ticketId: 1002,
        status: 'open',
        assignee: 'dana.whitfield@ledgerly.example',
        addTags: ['duplicate-charge']
      };
      const first = await call('update_ticket', args);
      expect(first.isError).toBeFalsy();
      const out = first.structuredContent as { ticket: Record<string, any>; changes: Array<{ field: string }> };
      expect(out.changes.map((c) => c.field).sort()).toEqual(['assignee', 'status', 'tags']);
      expect(out.ticket).toMatchObject({
        status: 'open',
        assignee: 'dana.whitfield@ledgerly.example',
        tags: ['billing', 'duplicate-charge', 'refund']
      });
      expect(textOf(first)).toMatch(/status new → open/);
      const second = await call('update_ticket', args);
      expect(second.structuredContent).toMatchObject({ changes: [] });
      expect(textOf(second)).toMatch(/Nothing changed/);
      const unassign = await call('update_ticket', { ticketId: 1002, assignee: 'unassigned' });
      expect(unassign.structuredContent).toMatchObject({ ticket: { assignee: null } });
    });

    it.each([
      [{ ticketId: 1001 }, /needs at least one of status, priority, assignee, addTags or removeTags/],
      [{ ticketId: 1001, status: 'closed' }, /"status"/],
      [{ ticketId: 1001, status: 'new' }, /"status"/],
      [{ ticketId: 1004, status: 'pending' }, /cannot go from solved to pending[\s\S]*can move to: open/],
      [{ ticketId: 1009, priority: 'high' }, /closed[\s\S]*create_ticket/],
      [{ ticketId: 1001, priority: 'p1' }, /"priority"/],
      [
        { ticketId: 1001, assignee: 'ghost@ledgerly.example' },
        /No agent is named or has the email "ghost@ledgerly\.example"[\s\S]*Priya Nair[\s\S]*priya\.nair@ledgerly\.example/
      ],
      [{ ticketId: 1001, assignee: '' }, /"assignee"/],
      [{ ticketId: 1001, addTags: [] }, /addTags must list at least one tag/],
      [{ ticketId: 1001, addTags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, /addTags takes at most 10 tags/],
      [{ ticketId: 1001, addTags: ['Bad Tag'] }, /tags are 1-40 lower-case/],
      [{ ticketId: 1001, removeTags: ['ok', '-x'] }, /"removeTags\.1"/],
      [{ ticketId: 1001, addTags: ['vip'], removeTags: ['vip'] }, /in both addTags and removeTags/],
      [{ ticketId: 999_999, priority: 'low' }, /There is no ticket #999999/],
      [{ ticketId: 1001, tags: ['x'] }, /unknown argument "tags"/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('update_ticket', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });

    it('refuses a ticket that would exceed 20 tags, changing nothing', async () => {
      for (let round = 0; round < 2; round++) {
        await call('update_ticket', {
          ticketId: 1001,
          addTags: Array.from({ length: 8 }, (_, i) => `r${round}-${i}`)
        });
      }
      const before = await harness.deps.backend.getTicket(1001);
      const result = await call('update_ticket', {
        ticketId: 1001,
        addTags: ['a1', 'a2', 'a3', 'a4', 'a5'],
        priority: 'urgent'
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/at most 20 tags/);
      expect(await harness.deps.backend.getTicket(1001)).toEqual(before);
    });
  });

  describe('create_ticket', () => {
    it('creates a ticket, audited with its new number', async () => {
      const result = await call('create_ticket', {
        subject: 'Phone: invoice emails bounce',
        description: 'Customer called: invoice emails to their domain bounce since Monday.',
        customerEmail: 'sam.reed@reedphoto.example',
        priority: 'high',
        tags: ['email', 'email', 'phone'],
        assignee: 'priya.nair@ledgerly.example'
      });
      expect(result.isError).toBeFalsy();
      const ticket = (result.structuredContent as { ticket: Record<string, any> }).ticket;
      expect(ticket).toMatchObject({
        status: 'new',
        priority: 'high',
        tags: ['email', 'phone'],
        customer: { name: { untrusted: 'Sam Reed' } },
        sla: { state: 'on_track' }
      });
      expect(textOf(result)).toMatch(new RegExp(`Created ticket #${ticket.id}.*not notified`));
      expect(harness.deps.audit.query({ limit: 1, tool: 'create_ticket' }).entries[0]).toMatchObject({
        ticketId: ticket.id,
        outcome: 'ok'
      });
    });

    const valid = { subject: 'Valid subject', description: 'Valid description', customerEmail: 'a@b.example' };
    it.each([
      [{ ...valid, subject: 'ab' }, /subject must be at least 3 characters/],
      [{ ...valid, subject: 's'.repeat(201) }, /subject must be at most 200 characters/],
      [{ ...valid, subject: 'two\nlines' }, /subject must be a single line/],
      [{ ...valid, description: '' }, /description must not be empty/],
      [{ ...valid, description: 'd'.repeat(10_001) }, /description must be at most 10000 characters/],
      [{ ...valid, customerEmail: 'jane' }, /customerEmail must be an email address/],
      [{ ...valid, customerName: '' }, /customerName must not be empty/],
      [{ ...valid, customerName: 'Evil\u0007Name' }, /customerName must be a single line/],
      [{ ...valid, subject: 'Refund \u202edetaler' }, /subject must not contain[\s\S]*U\+202E/],
      [{ ...valid, customerName: 'Mallory\u{E0041}' }, /customerName must not contain[\s\S]*tag characters/],
      [{ ...valid, description: 'line\u0000' }, /description must not contain NUL/],
      [{ ...valid, priority: 'critical' }, /"priority"/],
      [{ ...valid, tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, /tags takes at most 10 tags/],
      [{ ...valid, tags: ['UPPER'] }, /tags are 1-40 lower-case/],
      [{ ...valid, assignee: 'ghost@ledgerly.example' }, /No agent is named or has the email/],
      [{ subject: 'Only a subject' }, /"description": required/],
      [{ ...valid, status: 'open' }, /unknown argument "status"/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('create_ticket', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });
  });

  // Issue 14 #7: what a model naturally sends is accepted when its intent is unambiguous.
  describe('lenient where the intent is unambiguous', () => {
    it('takes one status or priority as a string, like a list of one', async () => {
      const single = await call('search_tickets', { status: 'open', priority: 'urgent' });
      const listed = await call('search_tickets', { status: ['open'], priority: ['urgent'] });
      expect(single.isError).toBeFalsy();
      expect(single.structuredContent).toEqual(listed.structuredContent);
      const { tickets } = single.structuredContent as { tickets: Array<{ status: string; priority: string }> };
      expect(tickets.length).toBeGreaterThan(0);
      expect(tickets.every((t) => t.status === 'open' && t.priority === 'urgent')).toBe(true);
    });

    it('answers an unknown priority with one error naming the accepted values', async () => {
      const result = await call('search_tickets', { priority: 'critical' });
      expect(result.isError).toBe(true);
      const problems = textOf(result)
        .split('\n')
        .filter((line) => line.startsWith('- '));
      expect(problems).toEqual([
        '- "priority": priority must be one of low, normal, high, urgent, or a list of them, e.g. "low" or ["low", "normal"]'
      ]);
    });

    it.each(['#1002', '1002', ' #1002 '])('reads ticketId %j as ticket 1002', async (ticketId) => {
      const result = await call('get_ticket', { ticketId: ticketId });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ ticket: { id: 1002 } });
    });

    it('takes a single tag as a string when adding, removing and creating', async () => {
      const added = await call('update_ticket', { ticketId: 1002, addTags: 'vip' });
      expect(added.isError).toBeFalsy();
      expect((await harness.deps.backend.getTicket(1002)).tags).toContain('vip');
      const removed = await call('update_ticket', { ticketId: 1002, removeTags: 'vip' });
      expect(removed.isError).toBeFalsy();
      expect((await harness.deps.backend.getTicket(1002)).tags).not.toContain('vip');
      const created = await call('create_ticket', {
        subject: 'One tag',
        description: 'Tagged with a string',
        customerEmail: 'c@customer.example',
        tags: 'billing'
      });
      expect(created.structuredContent).toMatchObject({ ticket: { tags: ['billing'] } });
      const bad = await call('update_ticket', { ticketId: 1002, addTags: 'Not A Tag' });
      expect(textOf(bad)).toMatch(/"addTags": (addTags takes a tag or a list of tags; )?tags are 1-40 lower-case/);
    });

    it('assigns by agent name, any case, as by email', async () => {
      const result = await call('update_ticket', { ticketId: 1002, assignee: 'priya nair' });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ ticket: { assignee: 'priya.nair@ledgerly.example' } });
      const created = await call('create_ticket', {
        subject: 'Assigned by name',
        description: 'Hello',
        customerEmail: 'c@customer.example',
        assignee: 'Marco Ruiz'
      });
      expect(created.structuredContent).toMatchObject({ ticket: { assignee: 'marco.ruiz@ledgerly.example' } });
    });

    it('refuses an unknown agent listing every agent by name and email', async () => {
      const result = await call('update_ticket', { ticketId: 1002, assignee: 'Priya' });
      expect(result.isError).toBe(true);
      const text = textOf(result);
      expect(text).toMatch(/No agent is named or has the email "Priya"/);
      for (const [name, email] of [
        ['Dana Whitfield', 'dana.whitfield@ledgerly.example'],
        ['Priya Nair', 'priya.nair@ledgerly.example']
      ]) {
        expect(text).toMatch(
          new RegExp(
            `>${name}</untrusted-data id="[0-9a-f]+"> <<untrusted-data id="[0-9a-f]+">${email!.replace(/\./g, '\\.')}<`
          )
        );
      }
      expect((await harness.deps.backend.getTicket(1002)).assignee).toBeNull();
    });
  });

  describe('get_audit_log', () => {
    it('lists every write attempt newest first, filtered and paged', async () => {
      await call('add_internal_comment', { ticketId: 1001, body: 'one' });
      await call('add_internal_comment', { ticketId: 1002, body: 'two' });
      await call('update_ticket', { ticketId: 1001, priority: 'urgent' });
      await call('update_ticket', { ticketId: 1004, status: 'pending' }); // refused by the workflow: audited as failed

      const all = await call('get_audit_log', {});
      const entries = (all.structuredContent as { entries: Array<Record<string, any>> }).entries;
      expect(entries.map((e) => [e.tool, e.ticketId, e.outcome])).toEqual([
        ['update_ticket', 1004, 'failed'],
        ['update_ticket', 1001, 'ok'],
        ['add_internal_comment', 1002, 'ok'],
        ['add_internal_comment', 1001, 'ok']
      ]);
      expect(entries[1]!.details).toMatchObject({
        requested: { priority: 'urgent' },
        applied: [{ field: 'priority', from: 'high', to: 'urgent' }]
      });
      expect(entries[0]!.details.error).toMatch(/cannot go from solved to pending/);
      expect(textOf(all)).toMatch(/<untrusted-data id="[0-9a-f]+" source="audit details">/);

      const forTicket = await call('get_audit_log', { ticketId: 1001, tool: 'add_internal_comment' });
      expect((forTicket.structuredContent as { entries: unknown[] }).entries).toHaveLength(1);
      const failed = await call('get_audit_log', { outcome: 'failed' });
      expect((failed.structuredContent as { entries: unknown[] }).entries).toHaveLength(1);

      const page1 = await call('get_audit_log', { limit: 3 });
      const cursor = (page1.structuredContent as { nextCursor: string }).nextCursor;
      const page2 = await call('get_audit_log', { limit: 3, cursor });
      expect(
        (page2.structuredContent as { entries: Array<{ ticketId: number }> }).entries.map((e) => e.ticketId)
      ).toEqual([1001]);
      expect((page2.structuredContent as { nextCursor: unknown }).nextCursor).toBeNull();
    });

    it('serves a full page of long entries within the output limits, cutting long texts with a note', async () => {
      for (let i = 0; i < 100; i++) {
        harness.deps.audit.record({
          tool: 'add_internal_comment',
          ticketId: 1001,
          outcome: 'ok',
          actor: 'MCP assistant',
          client: null,
          principal: null,
          summary: 'Internal note on #1001',
          details: { body: '漢'.repeat(10_000), commentId: i }
        });
      }
      const result = await call('get_audit_log', { limit: 100 });
      expect(result.isError).toBeFalsy();
      const entries = (result.structuredContent as { entries: Array<{ details: { body: string } }> }).entries;
      expect(entries).toHaveLength(100);
      expect(Buffer.byteLength(entries[0]!.details.body)).toBeLessThan(2_500);
      expect(entries[0]!.details.body).toMatch(/get_ticket/);
    });

    it.each([
      [{ tool: 'delete_ticket' }, /"tool"/],
      [{ outcome: 'great' }, /"outcome"/],
      [{ since: 'last week' }, /at or after must be a date/],
      [{ ticketId: 0 }, /ticketId must be at least 1/],
      [{ limit: 101 }, /limit must be at most 100/],
      [{ cursor: 'zzz' }, /not a cursor this server issued/]
    ])('answers bad input %j with an actionable error', async (args, message) => {
      const result = await call('get_audit_log', args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });
  });

  it('loses no write when many arrive at once, and audits each', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call('add_internal_comment', { ticketId: 1020, body: `note ${i}` }))
    );
    expect(results.every((r) => !r.isError)).toBe(true);
    const { comments } = await harness.deps.backend.listComments(1020, { offset: 0, limit: 100 });
    expect(comments.filter((c) => /^note \d+$/.test(c.body))).toHaveLength(12);
    expect(harness.deps.audit.query({ limit: 100, ticketId: 1020, outcome: 'ok' }).entries).toHaveLength(12);
  });
});

describe('the embedded store without demo data', () => {
  it('assigns to the agents the operator lists with --agents', async () => {
    const fresh = await startHarness('sqlite', {
      seedDemo: false,
      agents: 'Ann Lee <ann@helpdesk.example>, bo@helpdesk.example'
    });
    try {
      const c = await fresh.connect();
      const created = await c.callTool({
        name: 'create_ticket',
        arguments: { subject: 'First ticket', description: 'Hello', customerEmail: 'c@customer.example' }
      });
      const id = (created.structuredContent as { ticket: { id: number } }).ticket.id;
      const assigned = await c.callTool({
        name: 'update_ticket',
        arguments: { ticketId: id, assignee: 'ANN@helpdesk.example' }
      });
      expect(assigned.structuredContent).toMatchObject({ ticket: { assignee: 'ann@helpdesk.example' } });
      const unknown = await c.callTool({
        name: 'update_ticket',
        arguments: { ticketId: id, assignee: 'cy@helpdesk.example' }
      });
      expect(textOf(unknown)).toMatch(
        /Ann Lee<\/untrusted-data[^>]*> <[^>]*>ann@helpdesk\.example<[\s\S]*bo@helpdesk\.example/
      );
    } finally {
      await fresh.close();
    }
  });
});
