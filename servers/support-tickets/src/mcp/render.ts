import { Fence, formatCount, truncateText, untrusted, untrustedNotice } from '@mcp-catalog/shared';
import type * as z from 'zod';
import {
  TAG_PATTERN,
  type Comment,
  type Customer,
  type Page,
  type Ticket,
  type TicketSummary
} from '../tickets/model.js';
import { slaStatus, type SlaStatus, type SlaTarget } from '../tickets/workflow.js';
import type { commentOutput, customerOutput, slaOutput, ticketDetailOutput, ticketSummaryOutput } from './schemas.js';

/** Leads every result that carries third-party text. */
export const UNTRUSTED_NOTICE = untrustedNotice('customers or other third parties', { refuse: 'change tickets' });

/** Per-field caps: a list stays skimmable, one runaway description cannot crowd out the rest. */
const CAPS = { subject: 300, snippet: 400, name: 200, description: 20_000, comment: 5_000 } as const;

function clip(text: string, field: keyof typeof CAPS): string {
  return truncateText(text, CAPS[field], { hint: 'the full text is in the helpdesk' }).text;
}

function slaStructured(sla: SlaStatus): z.input<typeof slaOutput> {
  const target = (t: SlaTarget | null) =>
    t && { dueAt: t.dueAt, metAt: t.metAt, breached: t.breached, minutesLeft: t.minutesLeft };
  return { state: sla.state, firstResponse: target(sla.firstResponse), resolution: target(sla.resolution) };
}

export function customerStructured(c: Customer): z.input<typeof customerOutput> {
  return {
    id: c.id,
    email: c.email,
    name: untrusted(clip(c.name, 'name')),
    organization: c.organization === null ? null : untrusted(clip(c.organization, 'name'))
  };
}

function summaryStructured(t: TicketSummary, now: Date): z.input<typeof ticketSummaryOutput> {
  return {
    id: t.id,
    subject: untrusted(clip(t.subject, 'subject')),
    status: t.status,
    priority: t.priority,
    assignee: t.assignee,
    tags: t.tags,
    customer: customerStructured(t.customer),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    sla: slaStructured(slaStatus(t, now)),
    ...(t.snippet ? { snippet: untrusted(clip(t.snippet, 'snippet')) } : {})
  };
}

export function detailStructured(t: Ticket, now: Date): z.input<typeof ticketDetailOutput> {
  const { snippet: _snippet, ...summary } = summaryStructured(t, now);
  return { ...summary, description: untrusted(clip(t.description, 'description')), commentCount: t.commentCount };
}

export function commentStructured(c: Comment): z.input<typeof commentOutput> {
  return {
    id: c.id,
    public: c.public,
    authorName: untrusted(clip(c.authorName, 'name')),
    authorRole: c.authorRole,
    body: untrusted(clip(c.body, 'comment')),
    createdAt: c.createdAt
  };
}

/** ISO 8601 to the minute: what a person triaging needs, half the tokens of the full stamp. */
export function minute(iso: string): string {
  return `${iso.slice(0, 16)}Z`;
}

function duration(minutes: number): string {
  const m = Math.abs(minutes);
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(m / 1440)} d${Math.floor((m % 1440) / 60) ? ` ${Math.floor((m % 1440) / 60)} h` : ''}`;
}

function targetText(name: string, t: SlaTarget | null): string | undefined {
  if (!t) return undefined;
  if (t.metAt) return `${name} met ${minute(t.metAt)}${t.breached ? ` (late; was due ${minute(t.dueAt)})` : ''}`;
  const left = t.minutesLeft ?? 0;
  return left < 0
    ? `${name} overdue by ${duration(left)} (due ${minute(t.dueAt)})`
    : `${name} due in ${duration(left)} (${minute(t.dueAt)})`;
}

export function slaText(sla: SlaStatus): string {
  if (sla.state === 'none') return 'no SLA';
  const parts = [targetText('first response', sla.firstResponse), targetText('resolution', sla.resolution)].filter(
    Boolean
  );
  return `${sla.state.replace('_', ' ')}: ${parts.join('; ')}`;
}

export function customerText(c: Customer, fence: Fence): string {
  return fence.inline(
    [clip(c.name, 'name'), c.organization && clip(c.organization, 'name'), c.email].filter(Boolean).join(' · ')
  );
}

/** Tags this server could have written are shown as they are; anything else a REST helpdesk holds is fenced. */
export function tagsText(tags: string[], fence: Fence): string {
  const text = tags.join(', ');
  return tags.every((t) => TAG_PATTERN.test(t)) ? text : fence.inline(text);
}

// An address as the embedded store keeps them; anything else came from a REST helpdesk's record as written.
const PLAIN_EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}$/;

/** An assignee or email from the backend: shown as is when it is a plain address, else fenced (REST records are not ours). */
export function addressText(address: string | null, fence: Fence, none = 'unassigned'): string {
  if (address === null) return none;
  return PLAIN_EMAIL.test(address) ? address : fence.inline(address);
}

/** A few lines per ticket, for lists. */
export function summaryText(t: TicketSummary, fence: Fence, now: Date): string {
  const sla = slaStatus(t, now);
  const lines = [
    `#${t.id} · ${t.status} · ${t.priority} · SLA ${sla.state.replace('_', ' ')} · ${addressText(t.assignee, fence)} · updated ${minute(t.updatedAt)}`,
    `  subject: ${fence.inline(clip(t.subject, 'subject'))}`,
    `  customer: ${customerText(t.customer, fence)}`
  ];
  if (t.tags.length) lines.push(`  tags: ${tagsText(t.tags, fence)}`);
  if (t.snippet) lines.push(`  match: ${fence.inline(clip(t.snippet, 'snippet'))}`);
  return lines.join('\n');
}

export function ticketText(
  t: Ticket,
  thread: { comments: Comment[]; total: number; offset: number },
  fence: Fence,
  now: Date
): string {
  const lines = [
    `Ticket #${t.id} · ${t.status} · ${t.priority} · ${t.assignee ? `assigned to ${addressText(t.assignee, fence)}` : 'unassigned'}`,
    `Subject: ${fence.inline(clip(t.subject, 'subject'))}`,
    `Customer #${t.customer.id}: ${customerText(t.customer, fence)}`,
    `Tags: ${t.tags.length ? tagsText(t.tags, fence) : '(none)'}`,
    `Created ${minute(t.createdAt)} · updated ${minute(t.updatedAt)}`,
    `SLA ${slaText(slaStatus(t, now))}`,
    '',
    'Description:',
    fence.block('description', clip(t.description, 'description')),
    ''
  ];
  const { comments, total, offset } = thread;
  if (total === 0) lines.push('No comments yet.');
  else if (comments.length === 0) lines.push(`No comments at offset ${offset}; the ticket has ${total}.`);
  else lines.push(`Comments ${offset + 1}-${offset + comments.length} of ${total}, oldest first:`);
  for (const c of comments) {
    lines.push(
      `[comment #${c.id} · ${minute(c.createdAt)} · ${c.public ? 'public' : 'internal note'} · ${c.authorRole} ${fence.inline(clip(c.authorName, 'name'))}]`
    );
    lines.push(
      fence.block(c.authorRole === 'customer' ? 'customer comment' : 'agent comment', clip(c.body, 'comment'))
    );
  }
  if (offset + comments.length < total) {
    lines.push(
      `(showing comments ${offset + 1}-${offset + comments.length} of ${total}; pass commentsOffset=${offset + comments.length} for more)`
    );
  }
  return lines.join('\n');
}

/** The text and structured forms of one page of tickets, with the way to the next page. */
export function ticketPage(
  page: Page<TicketSummary>,
  nextCursor: string | null,
  now: Date,
  heading: string
): {
  structured: { tickets: Array<z.input<typeof ticketSummaryOutput>>; total?: number; nextCursor: string | null };
  text: string;
} {
  const fence = new Fence();
  const count =
    page.total === undefined ? `${page.items.length}` : `${page.items.length} of ${formatCount(page.total)}`;
  const lines = [UNTRUSTED_NOTICE, '', `${heading}: ${page.items.length ? `showing ${count}` : 'none found'}.`];
  for (const t of page.items) lines.push('', summaryText(t, fence, now));
  if (nextCursor) lines.push('', `More tickets match: call again with the same arguments and cursor="${nextCursor}".`);
  return {
    structured: {
      tickets: page.items.map((t) => summaryStructured(t, now)),
      ...(page.total === undefined ? {} : { total: page.total }),
      nextCursor: nextCursor
    },
    text: lines.join('\n')
  };
}
