import type { Json, SlackClient } from './client.js';
import { nextCursor, toChannel, toUser, type ChannelInfo, type ChannelKind, type Directory, type UserInfo } from './directory.js';
import { PolicyError, type Policy } from './policy.js';

/** A message as the tools show it: rendered text, names resolved, ts kept for follow-ups. */
export interface MessageView {
  ts: string;
  time: string;
  userId?: string;
  user?: string;
  text: string;
  threadTs?: string;
  replyCount?: number;
  files?: string[];
  reactions?: string;
  edited?: boolean;
  subtype?: string;
  /** Search results carry their conversation. */
  channelId?: string;
  channelName?: string;
}

export function tsToIso(ts: string): string {
  const seconds = Number(ts);
  return Number.isFinite(seconds) ? new Date(Math.floor(seconds * 1000)).toISOString().replace('.000Z', 'Z') : ts;
}

/** ISO date-time or date (or a Slack ts) to a Slack ts string. */
export function toTs(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{9,11}(\.\d{1,6})?$/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : (ms / 1000).toFixed(6);
}

export interface ReadDeps {
  client: SlackClient;
  directory: Directory;
  policy: Policy;
}

export class Reader {
  constructor(private readonly deps: ReadDeps) {}

  /** The conversation behind a spelling, if reading it is allowed. */
  async readable(spelling: string, signal?: AbortSignal): Promise<ChannelInfo> {
    const found = await this.deps.directory.resolveChannel(spelling, signal);
    if (!found.ok) {
      if (found.reason === 'wrong_kind') {
        const user = await this.deps.directory.resolveUser(spelling, signal);
        if (user.ok) {
          const im = (await this.deps.directory.allChannels(signal)).find((c) => c.kind === 'im' && c.userId === user.value.id);
          if (im) {
            this.deps.policy.assertReadable(im.id);
            return im;
          }
        }
        throw new PolicyError(`No direct-message conversation with "${spelling.slice(0, 80)}" is open to the app.`);
      }
      throw new PolicyError(
        found.reason === 'ambiguous'
          ? `"${spelling.slice(0, 80)}" names several channels (${found.candidates?.join(', ')}); pass the ID.`
          : `No channel "${spelling.slice(0, 80)}" is visible to the app.`,
        'Use list_channels for IDs.'
      );
    }
    this.deps.policy.assertReadable(found.value.id);
    return found.value;
  }

  async listChannels(q: { kinds: ChannelKind[]; memberOnly: boolean; includeArchived: boolean; cursor?: string; limit: number; signal?: AbortSignal }) {
    const types = q.kinds.map((k) => ({ public: 'public_channel', private: 'private_channel', im: 'im', mpim: 'mpim' })[k]).join(',');
    const result = await this.deps.client.call<Json>(
      'conversations.list',
      { types, limit: q.limit, cursor: q.cursor, exclude_archived: !q.includeArchived },
      { signal: q.signal }
    );
    const channels = ((result.channels as Json[] | undefined) ?? [])
      .map(toChannel)
      .filter((c) => (!q.memberOnly || c.isMember) && this.deps.policy.canRead(c.id));
    await this.deps.directory.prime(channels.flatMap((c) => (c.userId ? [c.userId] : [])), q.signal);
    return { channels, nextCursor: nextCursor(result) };
  }

  async history(q: { channel: string; oldest?: string; latest?: string; cursor?: string; limit: number; signal?: AbortSignal }) {
    const channel = await this.readable(q.channel, q.signal);
    const result = await this.deps.client.call<Json>(
      'conversations.history',
      { channel: channel.id, oldest: toTs(q.oldest), latest: toTs(q.latest), inclusive: true, limit: q.limit, cursor: q.cursor },
      { signal: q.signal }
    );
    const messages = await this.views((result.messages as Json[] | undefined) ?? [], q.signal);
    return { channel, messages, nextCursor: nextCursor(result) };
  }

  async replies(q: { channel: string; threadTs: string; cursor?: string; limit: number; signal?: AbortSignal }) {
    const channel = await this.readable(q.channel, q.signal);
    const result = await this.deps.client.call<Json>(
      'conversations.replies',
      { channel: channel.id, ts: q.threadTs, limit: q.limit, cursor: q.cursor },
      { signal: q.signal }
    );
    const messages = await this.views((result.messages as Json[] | undefined) ?? [], q.signal);
    return { channel, messages, nextCursor: nextCursor(result) };
  }

  /**
   * search.messages with the structured filters turned into Slack's own modifiers. Whatever the
   * query says (`in:#elsewhere`, `from:`), results outside the read scope are dropped here.
   */
  async search(q: { query: string; channel?: string; fromUser?: string; after?: string; before?: string; page: number; count: number; signal?: AbortSignal }) {
    const parts = [q.query.replace(/\s+/g, ' ').trim()];
    if (q.channel) {
      const channel = await this.readable(q.channel, q.signal);
      parts.push(`in:<#${channel.id}>`);
    }
    if (q.fromUser) {
      const user = await this.deps.directory.resolveUser(q.fromUser, q.signal);
      if (!user.ok) throw new PolicyError(`No person "${q.fromUser.slice(0, 80)}" found.`, 'Use find_users for IDs.');
      parts.push(`from:<@${user.value.id}>`);
    }
    if (q.after) parts.push(`after:${q.after}`);
    if (q.before) parts.push(`before:${q.before}`);
    const result = await this.deps.client.call<Json>(
      'search.messages',
      { query: parts.join(' '), count: q.count, page: q.page, sort: 'timestamp', sort_dir: 'desc', highlight: false },
      { as: 'user', signal: q.signal }
    );
    const block = (result.messages ?? {}) as { matches?: Json[]; total?: number; pagination?: { page_count?: number; page?: number } };
    const matches = block.matches ?? [];
    const allowed = matches.filter((m) => this.deps.policy.canRead(String((m.channel as Json | undefined)?.id ?? '')));
    const views = await this.views(allowed, q.signal);
    const pageCount = block.pagination?.page_count ?? 1;
    return {
      messages: views,
      // Slack's total counts hits the scope hides; with a read scope it would leak their number.
      total: this.deps.policy.readIds ? undefined : (block.total ?? matches.length),
      hiddenByScope: matches.length - allowed.length,
      nextPage: q.page < pageCount && q.page < 100 ? q.page + 1 : undefined
    };
  }

  async listUsers(q: { cursor?: string; limit: number; includeBots: boolean; includeDeleted: boolean; signal?: AbortSignal }) {
    const result = await this.deps.client.call<Json>('users.list', { limit: q.limit, cursor: q.cursor }, { signal: q.signal });
    const users = ((result.members as Json[] | undefined) ?? [])
      .map(toUser)
      .filter((u) => (q.includeBots || !u.isBot) && (q.includeDeleted || !u.deleted));
    return { users, nextCursor: nextCursor(result) };
  }

  /** Name, display name, real name or email; exact matches first, then prefixes, then substrings. */
  async findUsers(q: { query: string; limit: number; signal?: AbortSignal }): Promise<UserInfo[]> {
    const needle = q.query.trim().replace(/^@/, '').toLowerCase();
    if (/^[^\s@]+@[^\s@]+$/.test(needle)) {
      try {
        const { user } = await this.deps.client.call<{ user: Json }>('users.lookupByEmail', { email: needle }, { signal: q.signal });
        return [toUser(user)];
      } catch (error) {
        if ((error as { code?: string }).code === 'users_not_found') return [];
        throw error;
      }
    }
    const users = (await this.deps.directory.allUsers(q.signal)).filter((u) => !u.deleted);
    const fields = (u: UserInfo): string[] => [u.name, u.displayName, u.realName, u.email].filter((s): s is string => !!s).map((s) => s.toLowerCase());
    const rank = (u: UserInfo): number => {
      const f = fields(u);
      if (f.some((s) => s === needle)) return 0;
      if (f.some((s) => s.startsWith(needle) || s.split(/\s+/).some((w) => w.startsWith(needle)))) return 1;
      if (f.some((s) => s.includes(needle))) return 2;
      return 3;
    };
    return users
      .map((u) => ({ u, r: rank(u) }))
      .filter((x) => x.r < 3)
      .sort((a, b) => a.r - b.r || a.u.name.localeCompare(b.u.name))
      .slice(0, q.limit)
      .map((x) => x.u);
  }

  async profile(user: string, signal?: AbortSignal): Promise<UserInfo> {
    const found = await this.deps.directory.resolveUser(user, signal);
    if (!found.ok) {
      throw new PolicyError(
        found.reason === 'ambiguous' ? `"${user.slice(0, 80)}" matches several people (${found.candidates?.join(', ')}).` : `No person "${user.slice(0, 80)}" found.`,
        'Use find_users and pass the user ID.'
      );
    }
    return found.value;
  }

  async permalink(channel: string, ts: string, signal?: AbortSignal): Promise<{ channelId: string; permalink: string }> {
    const info = await this.readable(channel, signal);
    const { permalink } = await this.deps.client.call<{ permalink: string }>('chat.getPermalink', { channel: info.id, message_ts: ts }, { signal });
    return { channelId: info.id, permalink };
  }

  private async views(raw: Json[], signal?: AbortSignal): Promise<MessageView[]> {
    const mentioned = new Set<string>();
    for (const m of raw) {
      if (typeof m.user === 'string') mentioned.add(m.user);
      for (const match of String(m.text ?? '').slice(0, 20_000).matchAll(/<@([UW][A-Z0-9]{2,30})/g)) mentioned.add(match[1]!);
    }
    await this.deps.directory.prime(mentioned, signal);
    return raw.map((m) => this.view(m));
  }

  private view(m: Json): MessageView {
    const directory = this.deps.directory;
    const ts = String(m.ts ?? '');
    const userId = typeof m.user === 'string' ? m.user : undefined;
    const files = Array.isArray(m.files) ? (m.files as Json[]).map((f) => String(f.title ?? f.name ?? 'file')) : undefined;
    const reactions = Array.isArray(m.reactions)
      ? (m.reactions as Json[]).map((r) => `:${String(r.name)}: ${Number(r.count ?? 1)}`).join(' ')
      : undefined;
    const channel = m.channel as Json | undefined;
    const threadTs = typeof m.thread_ts === 'string' && m.thread_ts !== ts ? m.thread_ts : undefined;
    return {
      ts,
      time: tsToIso(ts),
      ...(userId ? { userId, user: directory.userName(userId) ?? (typeof m.username === 'string' ? m.username : userId) } : {}),
      ...(!userId && typeof m.username === 'string' ? { user: m.username } : {}),
      text: directory.render(String(m.text ?? '')),
      ...(threadTs ? { threadTs } : {}),
      ...(typeof m.reply_count === 'number' && m.reply_count > 0 ? { replyCount: m.reply_count } : {}),
      ...(files?.length ? { files } : {}),
      ...(reactions ? { reactions } : {}),
      ...(m.edited ? { edited: true } : {}),
      ...(typeof m.subtype === 'string' ? { subtype: m.subtype } : {}),
      ...(channel && typeof channel.id === 'string'
        ? { channelId: channel.id, ...(typeof channel.name === 'string' ? { channelName: channel.name } : {}) }
        : {})
    };
  }
}
