import { Fence } from '@mcp-catalog/shared';
import * as z from 'zod';
import { toProtocolError } from '../errors.js';
import { defineResource } from '../kit.js';
import { ticketText, UNTRUSTED_NOTICE } from '../mcp/render.js';
import { loadTicket } from '../tools/get_ticket.js';

const LISTED = 50;
const COMMENTS = 50;

/** `tickets://{id}`: one ticket with its first comments, as the text get_ticket shows. */
export const ticketResource = defineResource({
  name: 'ticket',
  title: 'Support ticket',
  description: `A ticket with its details, SLA state and first ${COMMENTS} comments; customer-written text is fenced as untrusted data. The list shows the ${LISTED} most recently updated.`,
  mimeType: 'text/plain',
  uriTemplate: 'tickets://{id}',
  variables: z.object({
    id: z
      .string()
      .regex(/^[1-9]\d{0,9}$/, 'use tickets://<number>, e.g. tickets://1001')
      .refine((raw) => Number(raw) <= 2_147_483_647, 'the ticket number is too large')
  }),
  async list({ deps, signal }) {
    const page = await deps.backend.searchTickets({}, { limit: LISTED }, signal).catch((error: unknown) => {
      throw toProtocolError(error);
    });
    // Titles use only server-side facts: a subject is customer-written and hosts show titles as trusted UI.
    return page.items.map((t) => ({
      uri: `tickets://${t.id}`,
      name: `ticket-${t.id}`,
      title: `Ticket #${t.id} (${t.status}, ${t.priority})`,
      mimeType: 'text/plain'
    }));
  },
  async read({ uri, variables, deps, signal }) {
    try {
      const loaded = await loadTicket(deps.backend, Number(variables.id), { offset: 0, limit: COMMENTS }, signal);
      return {
        mimeType: 'text/plain',
        text: `${UNTRUSTED_NOTICE}\n\n${ticketText(loaded.ticket, loaded, new Fence(), deps.now())}`
      };
    } catch (error) {
      throw toProtocolError(error, uri.href);
    }
  }
});
