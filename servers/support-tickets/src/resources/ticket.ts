import { ProtocolError, ProtocolErrorCode, ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { toProtocolError } from '../errors.js';
import { Fence } from '@mcp-catalog/shared';
import { ticketText, UNTRUSTED_NOTICE } from '../mcp/render.js';
import { loadTicket } from '../tools/get_ticket.js';
import type { Deps } from '../server.js';

const LISTED = 50;
const COMMENTS = 50;

/** `tickets://{id}`: one ticket with its first comments, as the text get_ticket shows. */
export function registerTicketResource(server: McpServer, deps: Deps): void {
  server.registerResource(
    'ticket',
    new ResourceTemplate('tickets://{id}', {
      list: async (ctx) => {
        const page = await deps.backend
          .searchTickets({}, { limit: LISTED }, ctx.mcpReq.signal)
          .catch((error: unknown) => {
            throw toProtocolError(error);
          });
        // Titles use only server-side facts: a subject is customer-written and hosts show titles as trusted UI.
        return {
          resources: page.items.map((t) => ({
            uri: `tickets://${t.id}`,
            name: `ticket-${t.id}`,
            title: `Ticket #${t.id} (${t.status}, ${t.priority})`,
            mimeType: 'text/plain'
          }))
        };
      }
    }),
    {
      title: 'Support ticket',
      description: `A ticket with its details, SLA state and first ${COMMENTS} comments; customer-written text is fenced as untrusted data. The list shows the ${LISTED} most recently updated.`,
      mimeType: 'text/plain'
    },
    async (uri, variables, ctx) => {
      const raw = Array.isArray(variables.id) ? variables.id[0] : variables.id;
      if (!raw || !/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `"${uri.href.slice(0, 100)}" is not a ticket URI; use tickets://<number>, e.g. tickets://1001.`
        );
      }
      try {
        const loaded = await loadTicket(deps.backend, Number(raw), { offset: 0, limit: COMMENTS }, ctx.mcpReq.signal);
        const text = `${UNTRUSTED_NOTICE}\n\n${ticketText(loaded.ticket, loaded, new Fence(), deps.now())}`;
        return { contents: [{ uri: uri.href, mimeType: 'text/plain', text }] };
      } catch (error) {
        throw toProtocolError(error, uri.href);
      }
    }
  );
}
