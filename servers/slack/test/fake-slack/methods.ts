import type { FakeAuth, FakeChannel, FakeMessage, FakeState } from './state.js';

/** A platform error: HTTP 200 with `{ ok: false, error }` plus any extra fields. */
export class SlackFail extends Error {
  constructor(readonly code: string, readonly extra: Record<string, unknown> = {}) {
    super(code);
  }
}

export interface Handler {
  scopes: string[];
  run(state: FakeState, args: Record<string, unknown>, auth: FakeAuth): Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown): boolean => v === true || v === 'true' || v === '1';
const num = (v: unknown, fallback: number): number => {
  const n = Number(v);
  return Number.isFinite(n) && v !== undefined && v !== '' ? n : fallback;
};

function page<T>(items: T[], args: Record<string, unknown>, defaultLimit: number, maxLimit: number) {
  const limit = Math.min(Math.max(1, num(args.limit, defaultLimit)), maxLimit);
  const cursor = str(args.cursor);
  let offset = 0;
  if (cursor) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!decoded) throw new SlackFail('invalid_cursor');
    offset = Number(decoded[1]);
  }
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : '';
  return { slice, next };
}

/** Slack resolves IDs and (for chat.postMessage) names and user IDs; the fake does the same. */
function findChannel(state: FakeState, spelled: unknown, { allowNames = false, auth }: { allowNames?: boolean; auth?: FakeAuth } = {}): FakeChannel {
  const value = str(spelled);
  if (!value) throw new SlackFail('channel_not_found');
  const byId = state.channels.find((c) => c.id === value);
  if (byId) return byId;
  if (allowNames) {
    const name = value.replace(/^#/, '');
    const byName = state.channels.find((c) => c.name === name);
    if (byName) return byName;
    if (/^[UW][A-Z0-9]+$/.test(value) && state.users.some((u) => u.id === value)) return openIm(state, value, auth);
  }
  throw new SlackFail('channel_not_found');
}

function openIm(state: FakeState, user: string, _auth?: FakeAuth): FakeChannel {
  const existing = state.channels.find((c) => c.is_im && c.user === user);
  if (existing) return existing;
  return state.addChannel({ id: `D0${user.slice(1)}`, is_im: true, user, is_member: true });
}

function visible(channel: FakeChannel, auth: FakeAuth): boolean {
  if (channel.is_private || channel.is_im || channel.is_mpim) return channel.is_member === true || auth.kind === 'user';
  return true;
}

function readable(state: FakeState, args: Record<string, unknown>, auth: FakeAuth): FakeChannel {
  const channel = findChannel(state, args.channel);
  if (!visible(channel, auth)) throw new SlackFail('channel_not_found');
  if (auth.kind === 'bot' && !channel.is_member) throw new SlackFail('not_in_channel');
  return channel;
}

function message(state: FakeState, channel: string, ts: unknown): FakeMessage {
  const found = state.messages.get(channel)?.find((m) => m.ts === ts);
  if (!found) throw new SlackFail('message_not_found');
  return found;
}

function permalink(state: FakeState, channel: string, ts: string): string {
  return `https://${state.team.domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

function channelKind(c: FakeChannel): string {
  if (c.is_im) return 'im';
  if (c.is_mpim) return 'mpim';
  return c.is_private ? 'private_channel' : 'public_channel';
}

export const handlers: Record<string, Handler> = {
  'auth.test': {
    scopes: [],
    run: (state, _args, auth) => ({
      url: `https://${state.team.domain}.slack.com/`,
      team: state.team.name,
      team_id: state.team.id,
      user: state.users.find((u) => u.id === auth.userId)?.name ?? 'someone',
      user_id: auth.userId,
      ...(auth.botId ? { bot_id: auth.botId } : {}),
      is_enterprise_install: false
    })
  },
  'conversations.list': {
    scopes: ['channels:read'],
    run(state, args, auth) {
      const types = (str(args.types) ?? 'public_channel').split(',');
      const items = state.channels.filter(
        (c) => types.includes(channelKind(c)) && visible(c, auth) && !(bool(args.exclude_archived) && c.is_archived)
      );
      const { slice, next } = page(items, args, 100, 1000);
      return { channels: slice, response_metadata: { next_cursor: next } };
    }
  },
  'conversations.info': {
    scopes: ['channels:read'],
    run(state, args, auth) {
      const channel = findChannel(state, args.channel);
      if (!visible(channel, auth)) throw new SlackFail('channel_not_found');
      return { channel };
    }
  },
  'conversations.history': {
    scopes: ['channels:history'],
    run(state, args, auth) {
      const channel = readable(state, args, auth);
      const oldest = num(args.oldest, 0);
      const latest = num(args.latest, Number.POSITIVE_INFINITY);
      const inclusive = bool(args.inclusive);
      const top = (state.messages.get(channel.id) ?? [])
        .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
        .filter((m) => {
          const t = Number(m.ts);
          return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
        })
        .reverse();
      const { slice, next } = page(top, args, 100, 999);
      return { messages: slice, has_more: next !== '', pin_count: 0, response_metadata: { next_cursor: next } };
    }
  },
  'conversations.replies': {
    scopes: ['channels:history'],
    run(state, args, auth) {
      const channel = readable(state, args, auth);
      const all = state.messages.get(channel.id) ?? [];
      const ts = str(args.ts);
      const parent = all.find((m) => m.ts === ts);
      if (!parent) throw new SlackFail('thread_not_found');
      const root = parent.thread_ts ?? parent.ts;
      const thread = all.filter((m) => m.ts === root || m.thread_ts === root);
      const { slice, next } = page(thread, args, 100, 1000);
      return { messages: slice, has_more: next !== '', response_metadata: { next_cursor: next } };
    }
  },
  'conversations.open': {
    scopes: ['im:write'],
    run(state, args) {
      const users = (str(args.users) ?? '').split(',').filter(Boolean);
      if (users.length !== 1) throw new SlackFail('not_enough_users');
      if (!state.users.some((u) => u.id === users[0])) throw new SlackFail('user_not_found');
      return { channel: { id: openIm(state, users[0]!).id } };
    }
  },
  'users.list': {
    scopes: ['users:read'],
    run(state, args) {
      const { slice, next } = page(state.users, args, 100, 1000);
      return { members: slice, cache_ts: state.clock, response_metadata: { next_cursor: next } };
    }
  },
  'users.info': {
    scopes: ['users:read'],
    run(state, args) {
      const user = state.users.find((u) => u.id === args.user);
      if (!user) throw new SlackFail('user_not_found');
      return { user };
    }
  },
  'users.lookupByEmail': {
    scopes: ['users:read.email'],
    run(state, args) {
      const email = str(args.email)?.toLowerCase();
      const user = state.users.find((u) => u.profile.email?.toLowerCase() === email);
      if (!user) throw new SlackFail('users_not_found');
      return { user };
    }
  },
  'search.messages': {
    scopes: ['search:read'],
    run(state, args, auth) {
      const query = str(args.query);
      if (!query) throw new SlackFail('no_query');
      const terms: string[] = [];
      let inChannel: string | undefined;
      let fromUser: string | undefined;
      let after = 0;
      let before = Number.POSITIVE_INFINITY;
      for (const word of query.split(/\s+/)) {
        const m = /^(in|from|after|before):(.+)$/.exec(word);
        if (!m) {
          terms.push(word.toLowerCase());
          continue;
        }
        const value = m[2]!;
        if (m[1] === 'in') inChannel = /^<#([A-Z0-9]+)/.exec(value)?.[1] ?? state.channels.find((c) => c.name === value.replace(/^#/, ''))?.id ?? 'none';
        else if (m[1] === 'from') fromUser = /^<@([A-Z0-9]+)>/.exec(value)?.[1] ?? state.users.find((u) => u.name === value.replace(/^@/, ''))?.id ?? 'none';
        else if (m[1] === 'after') after = Date.parse(`${value}T23:59:59Z`) / 1000;
        else before = Date.parse(`${value}T00:00:00Z`) / 1000;
      }
      const matches: Record<string, unknown>[] = [];
      for (const channel of state.channels) {
        if (!visible(channel, auth) || (inChannel && channel.id !== inChannel)) continue;
        for (const m of state.messages.get(channel.id) ?? []) {
          const t = Number(m.ts);
          if (fromUser && m.user !== fromUser) continue;
          if (t <= after || t >= before) continue;
          if (!terms.every((term) => m.text.toLowerCase().includes(term))) continue;
          matches.push({
            type: 'message', iid: `${channel.id}-${m.ts}`, ts: m.ts, text: m.text, user: m.user,
            username: state.users.find((u) => u.id === m.user)?.name,
            channel: { id: channel.id, name: channel.name ?? m.user, is_private: channel.is_private === true, is_im: channel.is_im === true },
            permalink: permalink(state, channel.id, m.ts)
          });
        }
      }
      matches.sort((a, b) => Number(b.ts) - Number(a.ts));
      const count = Math.min(Math.max(1, num(args.count, 20)), 100);
      const pageNo = Math.max(1, num(args.page, 1));
      const slice = matches.slice((pageNo - 1) * count, pageNo * count);
      const pageCount = Math.max(1, Math.ceil(matches.length / count));
      return {
        query,
        messages: {
          total: matches.length,
          matches: slice,
          paging: { count, total: matches.length, page: pageNo, pages: pageCount },
          pagination: { total_count: matches.length, page: pageNo, per_page: count, page_count: pageCount }
        }
      };
    }
  },
  'chat.postMessage': {
    scopes: ['chat:write'],
    run(state, args, auth) {
      const channel = findChannel(state, args.channel, { allowNames: true, auth });
      if (!channel.is_member) throw new SlackFail('not_in_channel');
      const text = str(args.text);
      if (!text && !args.blocks) throw new SlackFail('no_text');
      const posted = state.addMessage(channel.id, {
        ts: state.liveTs(),
        text: text ?? '', ...(auth.kind === 'bot' ? { bot_id: auth.botId, user: auth.userId } : { user: auth.userId }),
        ...(str(args.thread_ts) ? { thread_ts: str(args.thread_ts) } : {})
      });
      return { channel: channel.id, ts: posted.ts, message: posted };
    }
  },
  'chat.update': {
    scopes: ['chat:write'],
    run(state, args, auth) {
      const channel = findChannel(state, args.channel);
      const found = message(state, channel.id, args.ts);
      if (found.user !== auth.userId) throw new SlackFail('cant_update_message');
      found.text = str(args.text) ?? found.text;
      found.edited = { user: auth.userId, ts: state.nextTs() };
      return { channel: channel.id, ts: found.ts, text: found.text, message: found };
    }
  },
  'chat.delete': {
    scopes: ['chat:write'],
    run(state, args, auth) {
      const channel = findChannel(state, args.channel);
      const found = message(state, channel.id, args.ts);
      if (found.user !== auth.userId) throw new SlackFail('cant_delete_message');
      const list = state.messages.get(channel.id)!;
      list.splice(list.indexOf(found), 1);
      return { channel: channel.id, ts: found.ts };
    }
  },
  'chat.getPermalink': {
    scopes: [],
    run(state, args) {
      const channel = findChannel(state, args.channel);
      const found = message(state, channel.id, args.message_ts);
      return { channel: channel.id, permalink: permalink(state, channel.id, found.ts) };
    }
  },
  'chat.scheduleMessage': {
    scopes: ['chat:write'],
    run(state, args) {
      const channel = findChannel(state, args.channel, { allowNames: true });
      const postAt = num(args.post_at, 0);
      if (postAt <= Date.now() / 1000) throw new SlackFail('time_in_past');
      if (postAt > Date.now() / 1000 + 120 * 86_400) throw new SlackFail('time_too_far');
      const id = `Q${String(state.scheduled.length + 1).padStart(6, '0')}`;
      const text = str(args.text) ?? '';
      state.scheduled.push({ id, channel_id: channel.id, post_at: postAt, date_created: Math.floor(Date.now() / 1000), text });
      return { channel: channel.id, scheduled_message_id: id, post_at: postAt, message: { text, type: 'message' } };
    }
  },
  'chat.scheduledMessages.list': {
    scopes: ['chat:write'],
    run(state, args) {
      const channel = str(args.channel);
      const items = state.scheduled.filter((s) => !channel || s.channel_id === channel);
      const { slice, next } = page(items, args, 100, 100);
      return { scheduled_messages: slice, response_metadata: { next_cursor: next } };
    }
  },
  'chat.deleteScheduledMessage': {
    scopes: ['chat:write'],
    run(state, args) {
      const index = state.scheduled.findIndex((s) => s.id === args.scheduled_message_id && s.channel_id === args.channel);
      if (index < 0) throw new SlackFail('invalid_scheduled_message_id');
      state.scheduled.splice(index, 1);
      return {};
    }
  },
  'reactions.add': {
    scopes: ['reactions:write'],
    run(state, args, auth) {
      const channel = findChannel(state, args.channel);
      const found = message(state, channel.id, args.timestamp);
      const name = str(args.name);
      if (!name || !/^[a-z0-9_+'-]+$/.test(name)) throw new SlackFail('invalid_name');
      found.reactions ??= [];
      const existing = found.reactions.find((r) => r.name === name);
      if (existing?.users.includes(auth.userId)) throw new SlackFail('already_reacted');
      if (existing) {
        existing.users.push(auth.userId);
        existing.count += 1;
      } else found.reactions.push({ name, users: [auth.userId], count: 1 });
      return {};
    }
  }
};
