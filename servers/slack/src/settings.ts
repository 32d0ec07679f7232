import * as z from 'zod';
import { defaultDatabasePath, defineSettings, setting, type ConfigOf } from '@mcp-catalog/shared';

const channelList = z.array(z.string().min(1).max(200)).max(500).default([]);

export const settings = defineSettings('slack', {
  botToken: setting(z.string().min(1).optional(), {
    description: 'Bot User OAuth Token (xoxb-) the server reads and posts as.',
    env: ['SLACK_BOT_TOKEN'],
    secret: true,
    example: 'xoxb-...'
  }),
  userToken: setting(z.string().min(1).optional(), {
    description: 'Optional User OAuth Token (xoxp-) with search:read; enables search_messages (Slack allows search only to users).',
    env: ['SLACK_USER_TOKEN'],
    secret: true,
    example: 'xoxp-...'
  }),
  teamId: setting(z.string().regex(/^[TE][A-Z0-9]{2,30}$/).optional(), {
    description: 'Workspace ID for an Enterprise Grid (org-wide) install.',
    env: ['SLACK_TEAM_ID'],
    example: 'T01234567'
  }),
  apiUrl: setting(z.string().min(1).optional(), {
    description: 'Web API base URL: https, or http to a loopback address (for a local test server).',
    env: ['SLACK_API_URL'],
    example: 'https://slack.com/api/'
  }),
  postChannels: setting(channelList, {
    description: 'Channels the server may post to (IDs or #names, resolved to IDs at start; an unknown or ambiguous name stops posting). Empty = no posting.',
    example: '#releases,C0123456789'
  }),
  allowDms: setting(z.boolean().default(false), {
    description: 'Allow direct messages (to a user ID, @name, email or DM conversation).',
    example: 'true'
  }),
  allowBroadcast: setting(z.boolean().default(false), {
    description: 'Allow thread replies that are also sent to the channel (reply_broadcast).',
    example: 'true'
  }),
  allowMassMentions: setting(z.boolean().default(false), {
    description: 'Allow @channel, @here, @everyone and user-group mentions in posted text.',
    example: 'true'
  }),
  unfurl: setting(z.boolean().default(false), {
    description: 'Let Slack show link and media previews for posted messages.',
    example: 'true'
  }),
  readChannels: setting(channelList, {
    description: 'If set, the only channels history, replies, permalinks and search results may come from (IDs or #names).',
    example: '#eng,#releases'
  }),
  confirm: setting(z.enum(['ask', 'require', 'off']).default('ask'), {
    description: 'Confirm each write with the person: ask when the client supports forms (else the policy decides), require (refuse when it cannot ask), or off.',
    example: 'require'
  }),
  retryBudgetSeconds: setting(z.number().int().min(1).max(300).default(20), {
    description: 'Longest a tool call waits on Slack, rate-limit waits and retries included; then it fails saying when to retry.',
    example: '20'
  }),
  duplicateWindowSeconds: setting(z.number().int().min(0).max(86_400).default(120), {
    description: 'An identical post (same conversation, thread and text) within this many seconds is not sent again.',
    example: '120'
  }),
  database: setting(z.string().min(1).default(() => defaultDatabasePath('slack')), {
    description: 'SQLite file for the audit log and the record of what this server posted.',
    example: '~/.local/share/mcp-catalog/slack.db'
  }),
  cacheFile: setting(z.string().min(1).optional(), {
    description: 'Optional on-disk cache of user and channel names (written 0600, never tokens).',
    example: '~/.cache/mcp-server-slack/directory.json'
  }),
  cacheTtlSeconds: setting(z.number().int().min(10).max(86_400).default(600), {
    description: 'How long user and channel lists are reused before they are fetched again.',
    example: '600'
  })
});

export type Config = ConfigOf<typeof settings>;
