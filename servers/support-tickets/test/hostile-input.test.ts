import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startHarness, textOf, type Harness } from './helpers/harness.js';

/** Values a prompt-injected model might send for any argument. */
const ODD_VALUES: unknown[] = [
  null,
  true,
  -1,
  -0,
  1.5,
  1e308,
  2 ** 53,
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000',
  '\ud800',
  '\u202e',
  '🎉'.repeat(3_000),
  [],
  [1, 2],
  ['\ud800'],
  {},
  { $gt: '' },
  "'; DROP TABLE tickets; --",
  'NEAR(a b) OR subject:*',
  '+275760-09-13'
];

/** A valid call of each tool, so one argument at a time can be made odd. */
const VALID_CALLS: Record<string, Record<string, unknown>> = {
  search_tickets: { query: 'refund' },
  list_recent_tickets: {},
  get_ticket: { ticketId: 1001 },
  get_customer_history: { ticketId: 1001 },
  get_audit_log: {},
  add_internal_comment: { ticketId: 1001, body: 'hi' },
  update_ticket: { ticketId: 1001, priority: 'high' },
  create_ticket: { subject: 'A subject', description: 'desc', customerEmail: 'a@b.example' },
  add_public_reply: { ticketId: 1001, body: 'hi' }
};

describe.each(BACKENDS)('every argument of every tool, over the %s backend', (kind) => {
  let harness: Harness;
  beforeAll(async () => {
    const unlimited = Object.fromEntries(Object.keys(VALID_CALLS).map((t) => [t, { max: 1e6, windowMs: 60_000 }]));
    harness = await startHarness(
      kind,
      { enablePublicReplies: true, replyConfirmation: 'if-supported' },
      { rateLimits: unlimited }
    );
  });
  afterAll(() => harness.close());

  it('answers odd values with a result, never an internal error or a crash', async () => {
    const client = await harness.connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(VALID_CALLS).sort());
    const internal: string[] = [];
    for (const tool of tools) {
      for (const argument of Object.keys(tool.inputSchema.properties ?? {})) {
        for (const value of ODD_VALUES) {
          const result = await client.callTool({
            name: tool.name,
            arguments: { ...VALID_CALLS[tool.name], [argument]: value }
          });
          const text = textOf(result);
          if (/probably not caused by your arguments/.test(text) || text === '')
            internal.push(`${tool.name} ${argument}=${JSON.stringify(value)?.slice(0, 40)}: ${text.slice(0, 200)}`);
        }
      }
    }
    expect(internal).toEqual([]);
    // The store still answers afterwards.
    expect((await client.callTool({ name: 'get_ticket', arguments: { ticketId: 1001 } })).isError).toBeFalsy();
  }, 60_000);
});
