import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { fetchWithRetry, retryAfterMs, type Logger, type RetryOptions } from '@mcp-catalog/shared';
import type { TicketBackend } from './backend.js';
import { TicketError, type TicketErrorCode } from './errors.js';
import type {
  Agent,
  Comment,
  Customer,
  FieldChange,
  NewComment,
  NewTicket,
  Page,
  PageRequest,
  Ticket,
  TicketChanges,
  TicketQuery,
  TicketSummary
} from './model.js';
import {
  fromWireComment,
  fromWireSummary,
  fromWireTicket,
  wireAgent,
  wireChange,
  wireComment,
  wireCustomer,
  wireError,
  wireTicket,
  wireTicketSummary
} from './rest-wire.js';

export interface RestBackendOptions {
  baseUrl: string;
  apiKey: string;
  /** Per attempt, up to the end of the response body. */
  timeoutMs: number;
  retry?: RetryOptions;
  logger?: Logger;
  userAgent?: string;
}

/** Larger answers are refused rather than buffered: pages are small by design. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

const STATUS_CODES: Record<number, TicketErrorCode> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'unauthorized',
  404: 'not_found',
  409: 'conflict',
  422: 'invalid_input',
  429: 'rate_limited'
};
const KNOWN_CODES = new Set<TicketErrorCode>([
  'not_found',
  'invalid_transition',
  'ticket_closed',
  'unknown_assignee',
  'invalid_input',
  'conflict'
]);

/**
 * A helpdesk behind the documented REST API. Reads retry on 429 (honouring Retry-After), 5xx,
 * resets and timeouts; writes carry an Idempotency-Key generated once per write, so a retry after
 * a lost response cannot post twice.
 */
export class RestTicketBackend implements TicketBackend {
  readonly kind = 'rest' as const;
  private readonly base: URL;

  constructor(private readonly options: RestBackendOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  async searchTickets(query: TicketQuery, page: PageRequest, signal?: AbortSignal): Promise<Page<TicketSummary>> {
    const params: Record<string, string | undefined> = {
      query: query.text,
      status: query.statuses?.join(','),
      priority: query.priorities?.join(','),
      assignee: query.assignee === null ? 'none' : query.assignee,
      tag: query.tag,
      customer_email: query.customerEmail,
      exclude_id: query.excludeId?.toString(),
      created_after: query.createdAfter,
      created_before: query.createdBefore,
      updated_after: query.updatedAfter,
      updated_before: query.updatedBefore,
      sla_breached: query.slaBreached?.toString(),
      limit: String(page.limit),
      cursor: page.cursor
    };
    const body = await this.call(
      'GET',
      'tickets',
      { params, signal },
      z.object({
        tickets: z.array(wireTicketSummary).max(page.limit),
        next_cursor: z.string().max(2_000).nullable(),
        total: z.number().int().nonnegative().optional()
      })
    );
    return {
      items: body.tickets.map(fromWireSummary),
      nextCursor: body.next_cursor,
      ...(body.total === undefined ? {} : { total: body.total })
    };
  }

  async getTicket(id: number, signal?: AbortSignal): Promise<Ticket> {
    const body = await this.call('GET', `tickets/${id}`, { signal }, z.object({ ticket: wireTicket }));
    return fromWireTicket(body.ticket);
  }

  async listComments(
    ticketId: number,
    range: { offset: number; limit: number },
    signal?: AbortSignal
  ): Promise<{ comments: Comment[]; total: number }> {
    const params = { offset: String(range.offset), limit: String(range.limit) };
    const body = await this.call(
      'GET',
      `tickets/${ticketId}/comments`,
      { params, signal },
      z.object({
        comments: z.array(wireComment).max(range.limit),
        total: z.number().int().nonnegative()
      })
    );
    return { comments: body.comments.map(fromWireComment), total: body.total };
  }

  async findCustomer(email: string, signal?: AbortSignal): Promise<Customer | undefined> {
    const body = await this.call(
      'GET',
      'customers',
      { params: { email }, signal },
      z.object({ customers: z.array(wireCustomer).max(10) })
    );
    return body.customers.find((c) => c.email.toLowerCase() === email.toLowerCase());
  }

  async listAgents(signal?: AbortSignal): Promise<Agent[]> {
    return (await this.call('GET', 'agents', { signal }, z.object({ agents: z.array(wireAgent).max(10_000) }))).agents;
  }

  async createTicket(ticket: NewTicket, signal?: AbortSignal): Promise<Ticket> {
    const body = await this.call('POST', 'tickets', { signal, body: ticket }, z.object({ ticket: wireTicket }));
    return fromWireTicket(body.ticket);
  }

  async updateTicket(
    id: number,
    changes: TicketChanges,
    signal?: AbortSignal
  ): Promise<{ ticket: Ticket; changes: FieldChange[] }> {
    const payload = {
      status: changes.status,
      priority: changes.priority,
      assignee: changes.assignee,
      add_tags: changes.addTags,
      remove_tags: changes.removeTags
    };
    const body = await this.call(
      'PATCH',
      `tickets/${id}`,
      { signal, body: payload },
      z.object({ ticket: wireTicket, changes: z.array(wireChange).max(10) })
    );
    return { ticket: fromWireTicket(body.ticket), changes: body.changes };
  }

  async addComment(ticketId: number, comment: NewComment, signal?: AbortSignal): Promise<Comment> {
    const payload = { body: comment.body, public: comment.public, author_name: comment.authorName };
    const body = await this.call(
      'POST',
      `tickets/${ticketId}/comments`,
      { signal, body: payload },
      z.object({ comment: wireComment })
    );
    return fromWireComment(body.comment);
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.call('GET', 'health', { signal }, z.unknown());
  }

  async close(): Promise<void> {}

  private async call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    request: { params?: Record<string, string | undefined>; body?: unknown; signal?: AbortSignal | undefined },
    schema: S
  ): Promise<z.output<S>> {
    const url = new URL(path, this.base);
    for (const [key, value] of Object.entries(request.params ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'application/json',
      'user-agent': this.options.userAgent ?? 'mcp-server-support-tickets'
    };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      // One key per logical write, reused by every retry of it: the API answers a replay with the first result.
      headers['idempotency-key'] = randomUUID();
    }
    const where = `${method} ${url.pathname}`;

    let status: number;
    let responseHeaders: Headers;
    let text: string;
    try {
      const response = await fetchWithRetry(url, {
        method,
        headers,
        // The key, replies and customer data go to TICKET_API_BASE_URL and nowhere else.
        redirect: 'manual',
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        ...(request.signal ? { signal: request.signal } : {}),
        timeoutMs: this.options.timeoutMs,
        retry: {
          ...this.options.retry,
          onRetry: (info) =>
            this.options.logger?.info('helpdesk API retry', {
              request: where,
              attempt: info.attempt,
              delayMs: info.delayMs,
              reason: info.reason
            })
        }
      });
      status = response.status;
      responseHeaders = response.headers;
      text = await readBody(response, this.options.timeoutMs);
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new TicketError('unavailable', `The helpdesk API did not answer ${where}: ${describeNetworkError(error)}.`);
    }

    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (status >= 300 && status <= 399) {
      throw new TicketError(
        'bad_response',
        `The helpdesk API answered ${where} with a redirect (HTTP ${status}) to ${originOf(responseHeaders.get('location'), url)}; it follows none, so nothing was sent there. Set TICKET_API_BASE_URL to the final API address.`
      );
    }
    if (status < 200 || status > 299) throw errorFor(status, responseHeaders, json, where);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TicketError(
        'bad_response',
        `The helpdesk API answered ${where} with an unexpected body (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'not JSON'}).`
      );
    }
    return parsed.data;
  }
}

function errorFor(status: number, headers: Headers, json: unknown, where: string): TicketError {
  const body = wireError.safeParse(json);
  const remote = body.success ? body.data.error : undefined;
  const code =
    remote && KNOWN_CODES.has(remote.code as TicketErrorCode)
      ? (remote.code as TicketErrorCode)
      : (STATUS_CODES[status] ?? 'unavailable');
  const message = remote?.message ?? `The helpdesk API answered ${where} with HTTP ${status}.`;
  const wait = retryAfterMs(headers);
  return new TicketError(code, message, {
    ...(remote?.allowed ? { allowed: remote.allowed } : {}),
    ...(wait === undefined ? {} : { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) })
  });
}

/** Reads the body within the time and size limits; a stalled or endless body is an error, not a hang. */
async function readBody(response: Response, timeoutMs: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void reader.cancel().catch(() => undefined);
  }, timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw new DOMException(`response body not received within ${timeoutMs} ms`, 'TimeoutError');
      if (done) break;
      size += value.byteLength;
      if (size > MAX_RESPONSE_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`);
      }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function originOf(location: string | null, base: URL): string {
  try {
    return new URL(location ?? '', base).origin;
  } catch {
    return 'an invalid address';
  }
}

function describeNetworkError(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') return code;
    if (name === 'TimeoutError') return typeof message === 'string' ? message : 'timed out';
  }
  return error instanceof Error ? error.message : String(error);
}
