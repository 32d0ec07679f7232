import os from 'node:os';
import path from 'node:path';
import { defaultDatabasePath, defineSettings, safeLine, setting, type ConfigOf } from '@mcp-catalog/shared';
import * as z from 'zod';

const AGENT_ENTRY = /^(?:(?<name>[^<>]+?)\s*<(?<inner>[^<>\s]+)>|(?<plain>[^<>\s]+))$/;

/** `Name <email>, email, ...` into agents; a plain email is named after its local part. */
const agentList = z
  .string()
  .max(20_000)
  .transform((text, ctx) => {
    const agents: Array<{ email: string; name: string }> = [];
    for (const raw of text.split(',')) {
      const entry = raw.trim();
      const match = AGENT_ENTRY.exec(entry)?.groups;
      const email = match?.inner ?? match?.plain;
      if (!entry) ctx.addIssue({ code: 'custom', message: 'has an empty entry (two commas in a row?)' });
      else if (!email || !z.email().safeParse(email).success)
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not an email address or "Name <email>"` });
      else agents.push({ email, name: match?.name ?? email.split('@')[0]! });
    }
    return agents;
  });

/** Every setting once: type, bounds and default on the zod field; flag and env names are derived. */
export const settings = defineSettings('support-tickets', {
  database: setting(z.string().min(1).default(defaultDatabasePath('support-tickets')), {
    description:
      'SQLite file of the embedded helpdesk and of the audit log (with a REST backend it holds only the audit log). Created when missing. Default: $XDG_DATA_HOME/mcp-catalog/support-tickets.db (else ~/.local/share/mcp-catalog/support-tickets.db); a store at the old default $XDG_DATA_HOME/mcp-support-tickets/tickets.db is moved there.',
    example: './tickets.db'
  }),
  seedDemo: setting(z.boolean().default(false), {
    description:
      'Load the demo helpdesk (51 tickets, 20 customers, 5 agents) into an empty embedded store; does nothing once loaded.'
  }),
  apiBaseUrl: setting(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(), {
    env: 'TICKET_API_BASE_URL',
    type: 'string',
    description:
      'Use the REST helpdesk at this URL instead of the embedded store (https, or http on loopback only). Needs TICKET_API_KEY.',
    example: 'https://helpdesk.example.com/api/v1'
  }),
  apiKey: setting(z.string().min(8, { message: 'must be at least 8 characters' }).optional(), {
    env: 'TICKET_API_KEY',
    secret: true,
    type: 'string',
    description: 'Bearer token for the REST helpdesk.',
    example: 'hd_live_0123456789abcdef'
  }),
  apiTimeoutMs: setting(
    z
      .number({ message: 'must be a number' })
      .int()
      .min(100, 'must be at least 100 (ms)')
      .max(120_000, 'must be at most 120000 (ms)')
      .default(10_000),
    {
      env: 'TICKET_API_TIMEOUT_MS',
      description:
        'Time limit per REST request attempt, in milliseconds (default 10000); failed reads are retried within a 30 s budget.',
      example: '10000'
    }
  ),
  enablePublicReplies: setting(z.boolean().default(false), {
    description: 'Offer add_public_reply, which sends text to customers (default off).'
  }),
  replyConfirmation: setting(
    z.enum(['required', 'if-supported'], { message: 'must be "required" or "if-supported"' }).default('required'),
    {
      type: 'string',
      description:
        'When the client cannot ask the user to confirm a public reply: "required" (default) refuses to send, "if-supported" sends anyway. Clients that can ask always do.',
      example: 'if-supported'
    }
  ),
  agentName: setting(safeLine({ max: 80 }).default('MCP assistant'), {
    type: 'string',
    description:
      'Author name on comments this server writes, and the actor in the audit log (default "MCP assistant").',
    example: 'Triage bot'
  }),
  agents: setting(
    agentList.optional().transform((agents) => agents ?? []),
    {
      type: 'string',
      description:
        'Agents of the embedded helpdesk, whom tickets can be assigned to: comma-separated "Name <email>" or plain emails. Added (or renamed) at start, never removed. A REST helpdesk has its own.',
      example: 'Dana Whitfield <dana@example.com>, marco@example.com'
    }
  )
});

/** What the settings must look like, with defaults. Cross-setting rules are checked in createDeps. */
export const configSchema = settings.schema;

export type Config = ConfigOf<typeof settings>;

/** Where versions before the catalog data folder kept the store (the old default of --database). */
export function legacyDatabasePath(env: Record<string, string | undefined> = process.env): string {
  const dataHome = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return path.join(dataHome, 'mcp-support-tickets', 'tickets.db');
}
