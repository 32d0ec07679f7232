import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketBackend } from '../src/tickets/backend.js';
import { TicketError } from '../src/tickets/errors.js';
import type { TicketQuery, TicketSummary } from '../src/tickets/model.js';
import { BACKENDS, startHarness, type Harness } from './helpers/harness.js';

// One contract, two helpdesks: the embedded SQLite store and the REST API (fake helpdesk on 127.0.0.1).
describe.each(BACKENDS)('%s backend', (kind) => {
  let harness: Harness;
  let backend: TicketBackend;
  beforeAll(async () => {
    harness = await startHarness(kind);
    backend = harness.deps.backend;
  });
  afterAll(() => harness.close());

  async function all(query: TicketQuery, limit = 7): Promise<TicketSummary[]> {
    const seen: TicketSummary[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await backend.searchTickets(query, { limit, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items);
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error('paging did not end');
  }

  async function code(promise: Promise<unknown>): Promise<string> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e
    );
    expect(error).toBeInstanceOf(TicketError);
    return (error as TicketError).code;
  }

  describe('reading', () => {
    it('finds words in subjects and descriptions, best match first, with a snippet', async () => {
      const page = await backend.searchTickets({ text: 'VAT PDF' }, { limit: 5 });
      expect(page.items[0]).toMatchObject({ id: 1001, subject: 'Invoice PDF export shows wrong VAT total' });
      expect(page.items[0]!.snippet).toBeTruthy();
      expect(page.total).toBe(page.items.length);
    });

    it('finds words that appear only in comments or customer fields', async () => {
      expect((await backend.searchTickets({ text: 'SAML tracer' }, { limit: 5 })).items.map((t) => t.id)).toEqual([
        1003
      ]);
      const roasters = await backend.searchTickets({ text: 'Sandbar Roasters' }, { limit: 10 });
      expect(roasters.items.length).toBeGreaterThan(0);
      expect(roasters.items.every((t) => t.customer.organization === 'Sandbar Coffee Roasters')).toBe(true);
    });

    it('matches prefixes, ignores accents and treats FTS syntax as words', async () => {
      expect((await backend.searchTickets({ text: 'reconcil' }, { limit: 10 })).items.map((t) => t.id)).toContain(1012);
      expect(
        (await backend.searchTickets({ text: 'Maria Garcia' }, { limit: 10 })).items.map((t) => t.customer.name)
      ).toContain('María García');
      expect((await backend.searchTickets({ text: 'subject:refund OR NEAR(' }, { limit: 10 })).items).toEqual([]);
    });

    it('pages through everything with cursors, newest activity first, without gaps or repeats', async () => {
      const tickets = await all({});
      expect(tickets).toHaveLength(51);
      expect(new Set(tickets.map((t) => t.id)).size).toBe(51);
      const stamps = tickets.map((t) => t.updatedAt);
      expect([...stamps].sort().reverse()).toEqual(stamps);
    });

    it('pages through relevance-ranked text results too', async () => {
      const first = await backend.searchTickets({ text: 'invoice' }, { limit: 50 });
      const paged = await all({ text: 'invoice' }, 4);
      expect(paged.map((t) => t.id)).toEqual(first.items.map((t) => t.id));
      expect(paged.length).toBeGreaterThan(8);
    });

    it('filters by status, priority, assignee, tag, customer and dates', async () => {
      const urgentNew = await all({ statuses: ['new'], priorities: ['urgent'] });
      expect(urgentNew.map((t) => t.id)).toEqual([1002]);
      const unassigned = await all({ assignee: null });
      expect(unassigned.length).toBeGreaterThan(5);
      expect(unassigned.every((t) => t.assignee === null)).toBe(true);
      const dana = await all({ assignee: 'DANA.WHITFIELD@ledgerly.example' });
      expect(dana.every((t) => t.assignee === 'dana.whitfield@ledgerly.example')).toBe(true);
      expect((await all({ tag: 'gdpr' })).map((t) => t.id).sort()).toEqual([1005, 1042]);
      const omar = await all({ customerEmail: 'omar.haddad@sandbar.example', excludeId: 1002 });
      expect(omar.map((t) => t.id)).toEqual([1022]);
      const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const recent = await all({ createdAfter: anHourAgo });
      expect(recent.length).toBeGreaterThan(0);
      expect(recent.every((t) => t.createdAt >= anHourAgo)).toBe(true);
      const older = await all({ createdBefore: anHourAgo });
      expect(recent.length + older.length).toBe(51);
    });

    it('filters on SLA breach consistently with the SLA computation', async () => {
      const breached = await all({ slaBreached: true });
      const fine = await all({ slaBreached: false });
      expect(breached.map((t) => t.id).sort()).toEqual([1002, 1003, 1012, 1028, 1048]);
      expect(breached.length + fine.length).toBe(51);
    });

    it('gets a ticket with its customer, SLA dates and comment count, and pages its comments', async () => {
      const ticket = await backend.getTicket(1003);
      expect(ticket).toMatchObject({
        id: 1003,
        status: 'open',
        priority: 'urgent',
        customer: { email: 'li.wei@northwind.example' },
        commentCount: 3
      });
      expect(ticket.firstResponseDueAt).toBeTruthy();
      expect(ticket.firstRespondedAt).toBeTruthy();
      const { comments, total } = await backend.listComments(1003, { offset: 1, limit: 1 });
      expect(total).toBe(3);
      expect(comments).toHaveLength(1);
      expect(comments[0]).toMatchObject({ authorRole: 'customer', public: true, authorName: 'Li Wei' });
    });

    it('reports missing tickets and customers', async () => {
      expect(await code(backend.getTicket(999_999))).toBe('not_found');
      expect(await code(backend.listComments(999_999, { offset: 0, limit: 5 }))).toBe('not_found');
      expect(await backend.findCustomer('nobody@nowhere.example')).toBeUndefined();
      expect(await backend.findCustomer('JANE.COOPER@brightpath.example')).toMatchObject({ name: 'Jane Cooper' });
      expect((await backend.listAgents()).map((a) => a.name)).toContain('Priya Nair');
    });

    it('refuses a cursor it did not issue', async () => {
      expect(await code(backend.searchTickets({}, { limit: 5, cursor: 'bogus' }))).toBe('invalid_input');
    });
  });

  describe('writing', () => {
    it('creates tickets, reusing known customers and creating new ones', async () => {
      const known = await backend.createTicket({
        subject: 'Phone call: cannot log in',
        description: 'Called the hotline, locked out after 2FA change.',
        customer: { email: 'Jane.Cooper@brightpath.example' },
        priority: 'high',
        tags: ['login', 'phone'],
        assignee: 'marco.ruiz@ledgerly.example'
      });
      expect(known).toMatchObject({
        status: 'new',
        priority: 'high',
        assignee: 'marco.ruiz@ledgerly.example',
        tags: ['login', 'phone'],
        commentCount: 0
      });
      expect(known.customer.name).toBe('Jane Cooper');
      expect(Date.parse(known.firstResponseDueAt!) - Date.parse(known.createdAt)).toBe(4 * 3_600_000);
      const fresh = await backend.createTicket({
        subject: 'New lead asks about pricing',
        description: 'Wants a quote for 50 seats.',
        customer: { email: 'new.person@fresh.example', name: 'New Person' },
        priority: 'low',
        tags: [],
        assignee: null
      });
      expect(fresh.customer).toMatchObject({ email: 'new.person@fresh.example', name: 'New Person' });
      expect((await backend.searchTickets({ text: 'quote seats' }, { limit: 5 })).items.map((t) => t.id)).toContain(
        fresh.id
      );
    });

    it('refuses an unknown assignee and lists the real ones', async () => {
      const error = await backend
        .createTicket({
          subject: 'x y z',
          description: 'd',
          customer: { email: 'a@b.example' },
          priority: 'low',
          tags: [],
          assignee: 'ghost@ledgerly.example'
        })
        .catch((e: unknown) => e as TicketError);
      expect(error).toMatchObject({ code: 'unknown_assignee' });
      expect((error as TicketError).details.allowed).toContain('priya.nair@ledgerly.example');
    });

    it('moves status along allowed transitions only, tracking solved time', async () => {
      const solved = await backend.updateTicket(1020, { status: 'solved' });
      expect(solved.changes).toEqual([{ field: 'status', from: 'open', to: 'solved' }]);
      expect(solved.ticket.solvedAt).toBeTruthy();
      expect(await code(backend.updateTicket(1020, { status: 'pending' }))).toBe('invalid_transition');
      const reopened = await backend.updateTicket(1020, { status: 'open' });
      expect(reopened.ticket).toMatchObject({ status: 'open', solvedAt: null });
      expect(await code(backend.updateTicket(1009, { priority: 'urgent' }))).toBe('ticket_closed');
    });

    it('changes priority (with new due dates), assignee and tags, and reports only real changes', async () => {
      const before = await backend.getTicket(1019);
      const { ticket, changes } = await backend.updateTicket(1019, {
        priority: 'high',
        assignee: 'lena.hoffmann@ledgerly.example',
        addTags: ['vip', 'reminders'],
        removeTags: ['how-to']
      });
      expect(changes.map((c) => c.field).sort()).toEqual(['assignee', 'priority', 'tags']);
      expect(ticket.tags).toEqual(['reminders', 'vip']);
      expect(Date.parse(ticket.firstResponseDueAt!)).toBeLessThan(Date.parse(before.firstResponseDueAt!));
      const again = await backend.updateTicket(1019, { priority: 'high', addTags: ['vip'], removeTags: ['absent'] });
      expect(again.changes).toEqual([]);
      expect(again.ticket.updatedAt).toBe(ticket.updatedAt);
      const unassigned = await backend.updateTicket(1019, { assignee: null });
      expect(unassigned.changes).toEqual([{ field: 'assignee', from: 'lena.hoffmann@ledgerly.example', to: null }]);
    });

    it('adds comments: a public one opens a new ticket and counts as first response; both are searchable', async () => {
      const note = await backend.addComment(1027, {
        body: 'Looks like the quote template drops discount lines.',
        public: false,
        authorName: 'Bot'
      });
      expect(note).toMatchObject({ ticketId: 1027, public: false, authorRole: 'agent', authorName: 'Bot' });
      expect(await backend.getTicket(1027)).toMatchObject({ status: 'new', firstRespondedAt: null });
      await backend.addComment(1027, {
        body: 'We are looking into the missing discount.',
        public: true,
        authorName: 'Bot'
      });
      const after = await backend.getTicket(1027);
      expect(after.status).toBe('open');
      expect(after.firstRespondedAt).toBeTruthy();
      expect(
        (await backend.searchTickets({ text: 'template drops discount' }, { limit: 5 })).items.map((t) => t.id)
      ).toEqual([1027]);
      expect(await code(backend.addComment(1009, { body: 'late', public: false, authorName: 'Bot' }))).toBe(
        'ticket_closed'
      );
      expect(await code(backend.addComment(999_999, { body: 'x', public: false, authorName: 'Bot' }))).toBe(
        'not_found'
      );
    });

    it('loses nothing under concurrent writes to one ticket', async () => {
      const before = await backend.getTicket(1026);
      const writes = [
        ...Array.from({ length: 20 }, (_, i) =>
          backend.addComment(1026, { body: `parallel note ${i}`, public: false, authorName: 'Bot' })
        ),
        ...Array.from({ length: 8 }, (_, i) => backend.updateTicket(1026, { addTags: [`wave-${i}`] }))
      ];
      await Promise.all(writes);
      const after = await backend.getTicket(1026);
      expect(after.commentCount).toBe(before.commentCount + 20);
      for (let i = 0; i < 8; i++) expect(after.tags).toContain(`wave-${i}`);
      const { comments } = await backend.listComments(1026, { offset: 0, limit: 100 });
      expect(new Set(comments.filter((c) => c.body.startsWith('parallel note')).map((c) => c.body)).size).toBe(20);
    });
  });
});
