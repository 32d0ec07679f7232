import * as z from 'zod';
import { toProtocolError } from '../errors.js';
import { Fence } from '@mcp-catalog/shared';
import { addressText, summaryText, ticketText, UNTRUSTED_NOTICE } from '../mcp/render.js';
import { loadTicket } from '../tools/get_ticket.js';
import type { Deps } from '../deps.js';

/** Prompt arguments arrive as strings. */
export const ticketIdArgument = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, 'ticketId must be a ticket number, e.g. 1001')
  .describe('Ticket number, e.g. 1001.');

const HISTORY = 10;
const COMMENTS = 50;

/** The ticket, the customer's other recent tickets and the agents, as one fenced block of text. */
export async function ticketContext(deps: Deps, ticketId: number, signal: AbortSignal): Promise<string> {
  try {
    const loaded = await loadTicket(deps.backend, ticketId, { offset: 0, limit: COMMENTS }, signal);
    const [history, agents] = await Promise.all([
      deps.backend.searchTickets(
        { customerEmail: loaded.ticket.customer.email, excludeId: ticketId },
        { limit: HISTORY },
        signal
      ),
      deps.backend.listAgents(signal)
    ]);
    const now = deps.now();
    const fence = new Fence();
    const lines = [
      UNTRUSTED_NOTICE,
      '',
      ticketText(loaded.ticket, loaded, fence, now),
      '',
      `The customer's other tickets (${history.total ?? history.items.length}, most recent first):`
    ];
    if (history.items.length === 0) lines.push('(none)');
    for (const t of history.items) lines.push(summaryText(t, fence, now));
    lines.push(
      '',
      `Agents: ${agents.map((a) => `${fence.inline(a.name)} <${addressText(a.email, fence)}>`).join(', ') || '(none)'}`
    );
    return lines.join('\n');
  } catch (error) {
    throw toProtocolError(error);
  }
}
