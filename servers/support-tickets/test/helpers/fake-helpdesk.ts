import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Db } from '../../src/tickets/database.js';
import { seedDemo } from '../../src/tickets/demo-seed.js';
import { TicketError } from '../../src/tickets/errors.js';
import { PRIORITIES, STATUSES, type Priority, type Status, type TicketQuery } from '../../src/tickets/model.js';
import { toWireComment, toWireSummary, toWireTicket } from '../../src/tickets/rest-wire.js';
import { SqliteTicketBackend } from '../../src/tickets/sqlite-backend.js';

/** What the next matching request meets instead of (or after) a normal answer. */
export interface Fault {
  status?: number;
  retryAfter?: string;
  /** A Location header to send with `status` (redirects). */
  location?: string;
  /** Wait this long before answering (headers included). */
  delayMs?: number;
  /** Drop the connection without answering: before doing the work, or after doing it. */
  reset?: 'before' | 'after';
  /** Send this raw body with status 200 instead of the real answer. */
  rawBody?: string;
  /** Only requests with this method meet the fault. */
  method?: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  at: number;
}

const ERROR_STATUS: Record<string, number> = {
  not_found: 404,
  invalid_transition: 409,
  ticket_closed: 409,
  conflict: 409,
  unknown_assignee: 422,
  invalid_input: 422
};

/**
 * A helpdesk implementing the REST API the README documents, on 127.0.0.1, over its own SQLite
 * store seeded with the demo data. Faults (429, 5xx, slow answers, resets) are injected per test.
 */
export class FakeHelpdesk {
  readonly requests: LoggedRequest[] = [];
  private faults: Fault[] = [];
  private readonly idempotent = new Map<string, { hash: string; status: number; body: unknown }>();

  private readonly server: Server = createServer((req, res) => void this.handle(req, res));

  private constructor(
    readonly apiKey: string,
    readonly db: Db,
    readonly store: SqliteTicketBackend
  ) {}

  static async start(options: { apiKey?: string; seed?: boolean } = {}): Promise<FakeHelpdesk> {
    const db = openDatabase(':memory:');
    const store = new SqliteTicketBackend(db);
    if (options.seed ?? true) seedDemo(db, store);
    const helpdesk = new FakeHelpdesk(options.apiKey ?? 'test-api-key-123', db, store);
    await new Promise<void>((resolve) => helpdesk.server.listen(0, '127.0.0.1', resolve));
    return helpdesk;
  }

  /** The API base URL, as TICKET_API_BASE_URL would name it. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1`;
  }

  /** Queues faults; each is used by one matching request, in order. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.db.close();
  }

  private takeFault(method: string): Fault | undefined {
    const index = this.faults.findIndex((f) => !f.method || f.method === method);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const key = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method, path: url.pathname, idempotencyKey: key, at: Date.now() });
    const body = await readBody(req);
    const fault = this.takeFault(method);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.reset === 'before') return void req.socket.destroy();
    if (fault?.status) {
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
        ...(fault.location ? { location: fault.location } : {})
      });
      return void res.end(JSON.stringify({ error: { code: 'injected', message: `injected HTTP ${fault.status}` } }));
    }
    if (fault?.rawBody !== undefined) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(fault.rawBody);
    }

    let status = 200;
    let answer: unknown;
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      status = 401;
      answer = { error: { code: 'unauthorized', message: 'Invalid API key.' } };
    } else if (method !== 'GET' && !key) {
      status = 400;
      answer = { error: { code: 'invalid_input', message: 'Idempotency-Key header is required on writes.' } };
    } else {
      const hash = createHash('sha256').update(`${method} ${url.pathname} ${body}`).digest('hex');
      const seen = key ? this.idempotent.get(key) : undefined;
      if (seen && seen.hash !== hash) {
        status = 409;
        answer = { error: { code: 'conflict', message: 'Idempotency-Key reused with a different request.' } };
      } else if (seen) {
        ({ status, body: answer } = seen);
      } else {
        ({ status, answer } = await this.route(method, url, body));
        if (key) this.idempotent.set(key, { hash, status, body: answer });
      }
    }
    if (fault?.reset === 'after') return void req.socket.destroy();
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  private async route(method: string, url: URL, rawBody: string): Promise<{ status: number; answer: unknown }> {
    const path = url.pathname.replace(/^\/api\/v1\//, '');
    const p = url.searchParams;
    const input = rawBody ? (JSON.parse(rawBody) as Record<string, any>) : {};
    let m: RegExpExecArray | null;
    try {
      if (method === 'GET' && path === 'health') return ok({ ok: true });
      if (method === 'GET' && path === 'agents') return ok({ agents: await this.store.listAgents() });
      if (method === 'GET' && path === 'customers') {
        const customer = await this.store.findCustomer(p.get('email') ?? '');
        return ok({ customers: customer ? [customer] : [] });
      }
      if (method === 'GET' && path === 'tickets') {
        const page = await this.store.searchTickets(parseQuery(p), {
          limit: Number(p.get('limit') ?? 20),
          ...(p.get('cursor') ? { cursor: p.get('cursor')! } : {})
        });
        return ok({ tickets: page.items.map(toWireSummary), next_cursor: page.nextCursor, total: page.total });
      }
      if (method === 'POST' && path === 'tickets')
        return { status: 201, answer: { ticket: toWireTicket(await this.store.createTicket(input as never)) } };
      if ((m = /^tickets\/(\d+)$/.exec(path))) {
        const id = Number(m[1]);
        if (method === 'GET') return ok({ ticket: toWireTicket(await this.store.getTicket(id)) });
        if (method === 'PATCH') {
          const result = await this.store.updateTicket(id, {
            ...(input.status ? { status: input.status } : {}),
            ...(input.priority ? { priority: input.priority } : {}),
            ...('assignee' in input ? { assignee: input.assignee } : {}),
            ...(input.add_tags ? { addTags: input.add_tags } : {}),
            ...(input.remove_tags ? { removeTags: input.remove_tags } : {})
          });
          return ok({ ticket: toWireTicket(result.ticket), changes: result.changes });
        }
      }
      if ((m = /^tickets\/(\d+)\/comments$/.exec(path))) {
        const id = Number(m[1]);
        if (method === 'GET') {
          const { comments, total } = await this.store.listComments(id, {
            offset: Number(p.get('offset') ?? 0),
            limit: Number(p.get('limit') ?? 30)
          });
          return ok({ comments: comments.map(toWireComment), total });
        }
        if (method === 'POST') {
          const comment = await this.store.addComment(id, {
            body: input.body,
            public: input.public,
            authorName: input.author_name
          });
          return { status: 201, answer: { comment: toWireComment(comment) } };
        }
      }
      return { status: 404, answer: { error: { code: 'not_found', message: `No route ${method} ${path}.` } } };
    } catch (error) {
      if (error instanceof TicketError) {
        return {
          status: ERROR_STATUS[error.code] ?? 500,
          answer: {
            error: {
              code: error.code,
              message: error.message,
              ...(error.details.allowed ? { allowed: error.details.allowed } : {})
            }
          }
        };
      }
      return { status: 500, answer: { error: { code: 'internal', message: String(error) } } };
    }
  }
}

function ok(answer: unknown) {
  return { status: 200, answer };
}

function parseQuery(p: URLSearchParams): TicketQuery {
  const list = <T extends string>(name: string, allowed: readonly T[]): T[] | undefined => {
    const value = p.get(name);
    if (!value) return undefined;
    const items = value.split(',');
    if (items.some((i) => !allowed.includes(i as T)))
      throw new TicketError('invalid_input', `${name} has an unknown value`);
    return items as T[];
  };
  const statuses = list<Status>('status', STATUSES);
  const priorities = list<Priority>('priority', PRIORITIES);
  const text = (name: string) => p.get(name) ?? undefined;
  return {
    ...(text('query') ? { text: text('query')! } : {}),
    ...(statuses ? { statuses } : {}),
    ...(priorities ? { priorities } : {}),
    ...(text('assignee') ? { assignee: text('assignee') === 'none' ? null : text('assignee')! } : {}),
    ...(text('tag') ? { tag: text('tag')! } : {}),
    ...(text('customer_email') ? { customerEmail: text('customer_email')! } : {}),
    ...(text('exclude_id') ? { excludeId: Number(text('exclude_id')) } : {}),
    ...(text('created_after') ? { createdAfter: text('created_after')! } : {}),
    ...(text('created_before') ? { createdBefore: text('created_before')! } : {}),
    ...(text('updated_after') ? { updatedAfter: text('updated_after')! } : {}),
    ...(text('updated_before') ? { updatedBefore: text('updated_before')! } : {}),
    ...(text('sla_breached') ? { slaBreached: text('sla_breached') === 'true' } : {})
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
