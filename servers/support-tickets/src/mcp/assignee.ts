import { Fence, singleLine, ToolError, untrustedNotice } from '@mcp-catalog/shared';
import type { TicketBackend } from '../tickets/backend.js';

/**
 * Who a ticket goes to, from what a model naturally writes: an agent's email, their name (as the
 * helpdesk lists it, any case), or "unassigned" (null). An unknown or ambiguous value is refused
 * with the agents' names and emails, fenced because a REST helpdesk's agent records are not ours.
 */
export async function resolveAssignee(
  backend: TicketBackend,
  value: string,
  signal?: AbortSignal
): Promise<string | null> {
  const wanted = singleLine(value).toLowerCase();
  if (wanted === 'unassigned') return null;
  const agents = await backend.listAgents(signal);
  // With no agents listed the backend's own check answers (and says how the operator adds them).
  if (agents.length === 0) return value;
  const byEmail = agents.find((a) => a.email.toLowerCase() === wanted);
  if (byEmail) return byEmail.email;
  const byName = agents.filter((a) => singleLine(a.name).toLowerCase() === wanted);
  if (byName.length === 1) return byName[0]!.email;

  const fence = new Fence();
  const listed = (byName.length ? byName : agents)
    .slice(0, 20)
    .map((a) => `${fence.inline(a.name)} <${fence.inline(a.email)}>`)
    .join(', ');
  const more = byName.length === 0 && agents.length > 20 ? ` (and ${agents.length - 20} more)` : '';
  throw new ToolError(
    byName.length
      ? `${byName.length} agents are named "${singleLine(value).slice(0, 100)}"; assign by email instead.`
      : `No agent is named or has the email "${singleLine(value).slice(0, 100)}".`,
    {
      hint: `${untrustedNotice('the helpdesk, which holds the agent records')} Assign to one of the agents by name or email, or "unassigned": ${listed}${more}.`
    }
  );
}
