import { connectManifest } from '@mcp-catalog/shared/testing';
import { bench, describe } from 'vitest';
import { manifest } from '../src/manifest.js';
import { AuditLog } from '../src/tickets/audit.js';
import { RestTicketBackend } from '../src/tickets/rest-backend.js';
import { FakeHelpdesk } from '../test/helpers/fake-helpdesk.js';
import { likeSearch, scaledStore } from './fixtures.js';

// Run with `pnpm bench`. Numbers are for comparing, not for asserting: no test depends on them.
// The reference is the LIKE scan a helpdesk server without a full-text index runs.
for (const size of [51, 20_000]) {
  const { db, store } = scaledStore(size);
  const label = `${size.toLocaleString('en-US')} tickets`;
  describe(`common words (many matches), ${label}, first page of 20`, () => {
    bench('FTS5: ranked, with total and snippets', async () => {
      await store.searchTickets({ text: 'invoice export' }, { limit: 20 });
    });
    bench('reference: LIKE scan, newest first', () => {
      likeSearch(db, 'export', 20);
    });
  });
  describe(`rare words (one match), ${label}`, () => {
    bench('FTS5', async () => {
      await store.searchTickets({ text: `"case ${size - 7}"` }, { limit: 20 });
    });
    bench('reference: LIKE scan', () => {
      likeSearch(db, `case ${size - 7})`, 20);
    });
  });
  describe(`filters, ${label}`, () => {
    bench('open + high, newest first', async () => {
      await store.searchTickets({ statuses: ['open'], priorities: ['high'] }, { limit: 20 });
    });
    bench('SLA breached', async () => {
      await store.searchTickets({ slaBreached: true }, { limit: 20 });
    });
    bench('most recent (list_recent_tickets)', async () => {
      await store.searchTickets({}, { limit: 20 });
    });
  });
  if (size > 51) {
    const deps = { db, backend: store, audit: new AuditLog(db), now: () => new Date() };
    const { client } = await connectManifest(manifest, { argv: ['--database', ':memory:'], deps });
    describe(`whole tool call through MCP (in-memory transport), ${label}`, () => {
      bench('search_tickets "invoice export"', async () => {
        await client.callTool({ name: 'search_tickets', arguments: { query: 'invoice export' } });
      });
      bench('get_ticket', async () => {
        await client.callTool({ name: 'get_ticket', arguments: { ticketId: 1003 } });
      });
    });
  }
}

const helpdesk = await FakeHelpdesk.start();
const rest = new RestTicketBackend({ baseUrl: helpdesk.url, apiKey: helpdesk.apiKey, timeoutMs: 5_000 });
describe('get one ticket: REST client (validated JSON over loopback HTTP) vs the store behind it', () => {
  bench('REST backend', async () => {
    await rest.getTicket(1001);
  });
  bench('embedded store', async () => {
    await helpdesk.store.getTicket(1001);
  });
});
