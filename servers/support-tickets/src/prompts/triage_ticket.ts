import * as z from 'zod';
import { definePrompt } from '../kit.js';
import { ticketContext, ticketIdArgument } from './context.js';

export const triageTicket = definePrompt({
  name: 'triage_ticket',
  title: 'Triage a ticket',
  description:
    'Loads a ticket, its customer history and the agent list, and asks for a triage recommendation: priority, tags, assignee, next status and SLA risk.',
  args: z.object({ ticketId: ticketIdArgument }),
  async handler({ args, deps, signal, isEnabled }) {
    const { ticketId } = args;
    const canWrite = isEnabled('update_ticket');
    const context = await ticketContext(deps, Number(ticketId), signal);
    const apply = canWrite
      ? 'When the user agrees, apply it with update_ticket and record your reasoning with add_internal_comment.'
      : 'This server is read-only: present the recommendation for a person to apply.';
    const text = [
      `Triage support ticket #${ticketId}. Recommend, each with a one-line reason:`,
      "1. priority (low, normal, high or urgent): business impact and urgency, not the customer's tone;",
      '2. tags to add or remove;',
      '3. the agent to assign, from the agents listed;',
      '4. the next status;',
      '5. SLA risk, and what to do first if a target is breached or at risk;',
      "6. whether this repeats an issue from the customer's other tickets.",
      `${apply} Do not send anything to the customer during triage.`,
      '',
      context
    ].join('\n');
    return {
      description: `Triage of ticket #${ticketId}`,
      messages: [{ role: 'user', content: { type: 'text', text } }]
    };
  }
});
