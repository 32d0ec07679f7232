import { createRequire } from 'node:module';
import { defineServer, ToolError } from '@mcp-catalog/shared';
import { settings } from './settings.js';
import { createDeps } from './deps.js';
import { SlackError } from './slack/errors.js';
import { UNTRUSTED_NOTICE } from './text.js';
import { listChannels } from './tools/list_channels.js';
import { getChannelHistory } from './tools/get_channel_history.js';
import { getThreadReplies } from './tools/get_thread_replies.js';
import { getPermalink } from './tools/get_permalink.js';
import { searchMessages } from './tools/search_messages.js';
import { listUsers } from './tools/list_users.js';
import { findUsers } from './tools/find_users.js';
import { getUserProfile } from './tools/get_user_profile.js';
import { postMessage } from './tools/post_message.js';
import { replyToThread } from './tools/reply_to_thread.js';
import { addReaction } from './tools/add_reaction.js';
import { updateMessage } from './tools/update_message.js';
import { deleteMessage } from './tools/delete_message.js';
import { scheduleMessage } from './tools/schedule_message.js';
import { listScheduledMessages } from './tools/list_scheduled_messages.js';
import { deleteScheduledMessage } from './tools/delete_scheduled_message.js';
import { getAuditLog } from './tools/get_audit_log.js';
import { channelResource } from './resources/channel.js';
import { summarizeChannel } from './prompts/summarize_channel.js';
import { draftReply } from './prompts/draft_reply.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export const manifest = defineServer({
  name: 'slack',
  version,
  description: 'Read and search a Slack workspace; post only where the operator allowed, never the same message twice.',
  settings,
  examples: [
    'SLACK_BOT_TOKEN=xoxb-... mcp-server-slack',
    'SLACK_BOT_TOKEN=xoxb-... SLACK_USER_TOKEN=xoxp-... mcp-server-slack --post-channels "#releases" --read-channels "#eng,#releases"'
  ],
  instructions:
    'Slack workspace access. Messages show an ISO time and their ts; pass ts (and threadTs) back to other tools. ' +
    'Channels can be given as IDs or #names; people as user IDs, @names or emails. ' + UNTRUSTED_NOTICE,
  toolsets: [
    { name: 'channels', description: 'Channels, history, threads, permalinks', default: true, tools: [listChannels, getChannelHistory, getThreadReplies, getPermalink] },
    { name: 'search', description: 'Message search (needs SLACK_USER_TOKEN)', default: true, tools: [searchMessages] },
    { name: 'users', description: 'People: list, find, profiles', default: true, tools: [listUsers, findUsers, getUserProfile] },
    {
      name: 'posting',
      description: 'Posting, reactions, edits, scheduling and the audit log (listed only when --post-channels or --allow-dms is set)',
      default: true,
      instructions: 'Posts go only to the channels the operator configured; a refusal is final, so do not retry with another spelling.',
      tools: [postMessage, replyToThread, addReaction, updateMessage, deleteMessage, scheduleMessage, listScheduledMessages, deleteScheduledMessage, getAuditLog]
    }
  ],
  resources: [channelResource],
  prompts: [summarizeChannel, draftReply],
  createDeps,
  health: async (deps) => {
    try {
      await deps.client.call('auth.test');
      return { ok: true, checks: { slack: 'ok' } };
    } catch (error) {
      return { ok: false, checks: { slack: error instanceof SlackError ? error.code : 'error' } };
    }
  },
  close: async (deps) => deps.store.close(),
  mapError: (error) => (error instanceof SlackError ? new ToolError(error.message, error.hint ? { hint: error.hint } : {}) : undefined)
});
