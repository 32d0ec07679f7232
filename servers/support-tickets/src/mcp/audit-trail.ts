import { singleLine, type ToolContext } from '@mcp-catalog/shared';
import { CLIENT_INFO_META_KEY, type Implementation } from '@modelcontextprotocol/server';
import type { AuditLog, NewAuditEntry } from '../tickets/audit.js';
import { TicketError } from '../tickets/errors.js';

export interface WriteIntent {
  tool: string;
  ticketId: number | null;
  summary: string;
  details: Record<string, unknown>;
}

/** Who asked: this server's agent name, the MCP client as it named itself, and the OAuth client over HTTP. */
function callerOf(ctx: ToolContext, agentName: string): Pick<NewAuditEntry, 'actor' | 'client' | 'principal'> {
  const envelope = ctx.request.mcpReq.envelope as Record<string, unknown> | undefined;
  const info = (envelope?.[CLIENT_INFO_META_KEY] as Implementation | undefined) ?? ctx.server.server.getClientVersion();
  return {
    actor: agentName,
    // The client names itself: one line, nothing hidden, capped, so it cannot pose as further audit entries.
    client: info ? singleLine(`${String(info.name)} ${String(info.version)}`).slice(0, 200) : null,
    principal: ctx.request.http?.authInfo?.clientId
      ? singleLine(ctx.request.http.authInfo.clientId).slice(0, 200)
      : null
  };
}

/** Records an attempt that never reached the helpdesk (declined or refused). */
export function recordRefusal(
  audit: AuditLog,
  ctx: ToolContext,
  agentName: string,
  intent: WriteIntent,
  outcome: 'declined' | 'refused'
): void {
  audit.record({ ...intent, ...callerOf(ctx, agentName), outcome });
}

/**
 * Runs a write with its audit entry: written as `pending` before the helpdesk is touched (no
 * audit, no write), then settled as `ok` or `failed`. A write whose outcome is unknown (the API
 * went away mid-request) says so, so nobody retries blindly.
 */
export async function auditedWrite<T>(
  audit: AuditLog,
  ctx: ToolContext,
  agentName: string,
  intent: WriteIntent,
  write: () => Promise<T>,
  outcome: (result: T) => { ticketId?: number; summary?: string; details?: Record<string, unknown> } = () => ({})
): Promise<T> {
  const entry = audit.record({ ...intent, ...callerOf(ctx, agentName), outcome: 'pending' });
  let result: T;
  try {
    result = await write();
  } catch (error) {
    audit.settle(entry, 'failed', { details: { error: error instanceof Error ? error.message : String(error) } });
    if (error instanceof TicketError && error.code === 'unavailable') {
      throw new TicketError(
        'unavailable',
        `${error.message} The change may or may not have been applied: check with get_ticket before trying again.`
      );
    }
    throw error;
  }
  audit.settle(entry, 'ok', outcome(result));
  return result;
}
