import { TicketError } from './errors.js';
import type { Priority, Status, TicketSummary } from './model.js';

/**
 * Status changes an agent may make. `closed` is reached only by the helpdesk itself (after a
 * solved ticket goes quiet), so nothing here can make a ticket read-only for good; a customer's
 * follow-up on a closed ticket becomes a new ticket.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  new: ['open', 'pending', 'on_hold', 'solved'],
  open: ['pending', 'on_hold', 'solved'],
  pending: ['open', 'on_hold', 'solved'],
  on_hold: ['open', 'pending', 'solved'],
  solved: ['open'],
  closed: []
};

/** Throws unless `from → to` is allowed; staying in the same status is always allowed. */
export function assertTransition(ticketId: number, from: Status, to: Status): void {
  if (from === to) return;
  const allowed = TRANSITIONS[from];
  if (allowed.includes(to)) return;
  throw new TicketError(
    from === 'closed' ? 'ticket_closed' : 'invalid_transition',
    from === 'closed'
      ? `Ticket #${ticketId} is closed; closed tickets cannot change.`
      : `Ticket #${ticketId} cannot go from ${from} to ${to}.`,
    { allowed }
  );
}

/** Hours to the first public reply and to resolution, by priority (the embedded backend's policy). */
const SLA_POLICY: Readonly<Record<Priority, { firstResponseHours: number; resolutionHours: number }>> = {
  urgent: { firstResponseHours: 1, resolutionHours: 8 },
  high: { firstResponseHours: 4, resolutionHours: 24 },
  normal: { firstResponseHours: 8, resolutionHours: 72 },
  low: { firstResponseHours: 24, resolutionHours: 168 }
};

const HOUR_MS = 3_600_000;

export function slaDueDates(
  createdAt: string,
  priority: Priority
): { firstResponseDueAt: string; resolutionDueAt: string } {
  const created = Date.parse(createdAt);
  const policy = SLA_POLICY[priority];
  return {
    firstResponseDueAt: new Date(created + policy.firstResponseHours * HOUR_MS).toISOString(),
    resolutionDueAt: new Date(created + policy.resolutionHours * HOUR_MS).toISOString()
  };
}

export type SlaState = 'breached' | 'at_risk' | 'on_track' | 'met' | 'none';

export interface SlaTarget {
  dueAt: string;
  /** When the target was met, or null while it is open. */
  metAt: string | null;
  breached: boolean;
  /** Minutes until due (negative once overdue); null once met. */
  minutesLeft: number | null;
}

export interface SlaStatus {
  state: SlaState;
  firstResponse: SlaTarget | null;
  resolution: SlaTarget | null;
}

/** A target is at risk when less than this share of its window is left. */
const AT_RISK_SHARE = 0.25;

/**
 * Where a ticket stands against its targets at `now`. Targets run on wall-clock time (pending
 * time counts), the simplest rule a REST helpdesk's own due dates can also be read with.
 */
export function slaStatus(
  ticket: Pick<TicketSummary, 'createdAt' | 'firstResponseDueAt' | 'resolutionDueAt' | 'firstRespondedAt' | 'solvedAt'>,
  now: Date
): SlaStatus {
  const created = Date.parse(ticket.createdAt);
  const target = (dueAt: string | null, metAt: string | null): SlaTarget | null => {
    if (!dueAt) return null;
    const due = Date.parse(dueAt);
    if (metAt) return { dueAt, metAt, breached: Date.parse(metAt) > due, minutesLeft: null };
    return {
      dueAt,
      metAt: null,
      breached: now.getTime() > due,
      minutesLeft: Math.round((due - now.getTime()) / 60_000)
    };
  };
  const firstResponse = target(ticket.firstResponseDueAt, ticket.firstRespondedAt);
  const resolution = target(ticket.resolutionDueAt, ticket.solvedAt);
  const targets = [firstResponse, resolution].filter((t): t is SlaTarget => t !== null);

  let state: SlaState;
  if (targets.length === 0) state = 'none';
  else if (targets.some((t) => t.breached)) state = 'breached';
  else if (targets.every((t) => t.metAt !== null)) state = 'met';
  else {
    const atRisk = targets.some((t) => {
      if (t.metAt !== null) return false;
      const window = Date.parse(t.dueAt) - created;
      return Date.parse(t.dueAt) - now.getTime() < window * AT_RISK_SHARE;
    });
    state = atRisk ? 'at_risk' : 'on_track';
  }
  return { state, firstResponse, resolution };
}
