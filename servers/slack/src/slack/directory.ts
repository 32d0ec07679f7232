import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { writeFileAtomic, type Logger } from '@mcp-catalog/shared';
import type { Json, SlackClient } from './client.js';

export type ChannelKind = 'public' | 'private' | 'im' | 'mpim';

export interface ChannelInfo {
  id: string;
  name: string | undefined;
  kind: ChannelKind;
  isMember: boolean;
  isArchived: boolean;
  /** The other person of a DM. */
  userId?: string;
  topic?: string;
  purpose?: string;
  memberCount?: number;
}

export interface UserInfo {
  id: string;
  name: string;
  displayName?: string;
  realName?: string;
  email?: string;
  title?: string;
  tz?: string;
  isBot: boolean;
  deleted: boolean;
}

/** How a person or a model may spell a conversation or a user. */
export type Spelling =
  | { kind: 'channelId'; id: string }
  | { kind: 'channelName'; name: string }
  | { kind: 'userId'; id: string }
  | { kind: 'userName'; name: string }
  | { kind: 'email'; email: string }
  | { kind: 'invalid' };

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;
const USER_ID = /^[UWB][A-Z0-9]{2,30}$/;
const NAME = /^[\p{L}\p{N}._-]{1,80}$/u;

/** Parses one spelling; linear, on at most 200 characters. */
export function parseSpelling(raw: string): Spelling {
  const value = raw.trim();
  if (value.length === 0 || value.length > 200) return { kind: 'invalid' };
  let m = /^<#([CGD][A-Z0-9]{2,30})(?:\|[^>]*)?>$/.exec(value);
  if (m) return { kind: 'channelId', id: m[1]! };
  m = /^<@([UW][A-Z0-9]{2,30})(?:\|[^>]*)?>$/.exec(value);
  if (m) return { kind: 'userId', id: m[1]! };
  m = /^https:\/\/[a-z0-9-]{1,80}\.slack\.com\/archives\/([CGD][A-Z0-9]{2,30})(?:[/?].*)?$/.exec(value);
  if (m) return { kind: 'channelId', id: m[1]! };
  if (CHANNEL_ID.test(value)) return { kind: 'channelId', id: value };
  if (USER_ID.test(value) && !value.startsWith('B')) return { kind: 'userId', id: value };
  if (value.startsWith('#') && NAME.test(value.slice(1))) return { kind: 'channelName', name: value.slice(1).toLowerCase() };
  if (value.startsWith('@') && NAME.test(value.slice(1))) return { kind: 'userName', name: value.slice(1).toLowerCase() };
  if (/^[^\s@<>]{1,100}@[^\s@<>]{1,100}$/.test(value)) return { kind: 'email', email: value.toLowerCase() };
  if (NAME.test(value)) return { kind: 'channelName', name: value.toLowerCase() };
  return { kind: 'invalid' };
}

export type Resolved<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'unknown' | 'ambiguous' | 'invalid' | 'wrong_kind'; candidates?: string[] };

export interface DirectoryOptions {
  ttlMs?: number;
  /** Optional JSON cache of names (no tokens), written 0600. */
  cacheFile?: string;
  /** Distinguishes workspaces sharing one cache file. */
  cacheKey?: string;
  /** Upper bound on pages per list, so a huge workspace cannot keep us paging forever. */
  maxPages?: number;
  logger?: Logger;
  now?: () => number;
}

interface Snapshot<T> {
  at: number;
  items: Map<string, T>;
}

/**
 * Names for IDs and IDs for names: users and conversations cached in memory with a TTL (and
 * optionally on disk), loaded in the background at start so a big workspace does not delay
 * the first answer. Single lookups fall through to users.info / conversations.info.
 */
export class Directory {
  private users?: Snapshot<UserInfo>;
  private channels?: Snapshot<ChannelInfo>;
  private loadingUsers?: Promise<Snapshot<UserInfo>>;
  private loadingChannels?: Promise<Snapshot<ChannelInfo>>;
  private readonly ttlMs: number;
  private readonly maxPages: number;
  private readonly now: () => number;

  constructor(
    private readonly client: SlackClient,
    private readonly options: DirectoryOptions = {}
  ) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxPages = options.maxPages ?? 50;
    this.now = options.now ?? Date.now;
  }

  /** Starts loading both lists without waiting; failures are logged and retried on first use. */
  warmUp(): void {
    void this.loadDisk()
      .then(() => Promise.all([this.allUsers(), this.allChannels()]))
      .catch((error: unknown) => this.options.logger?.warning('slack directory warm-up failed', { error: describe(error) }));
  }

  async allUsers(signal?: AbortSignal, { fresh = false } = {}): Promise<UserInfo[]> {
    if (!fresh && this.users && this.now() - this.users.at < this.ttlMs) return [...this.users.items.values()];
    this.loadingUsers ??= this.fetchAll('users.list', 'members', toUser, signal).finally(() => {
      this.loadingUsers = undefined;
    });
    this.users = await this.loadingUsers;
    void this.saveDisk();
    return [...this.users.items.values()];
  }

  async allChannels(signal?: AbortSignal, { fresh = false } = {}): Promise<ChannelInfo[]> {
    if (!fresh && this.channels && this.now() - this.channels.at < this.ttlMs) return [...this.channels.items.values()];
    this.loadingChannels ??= this.fetchAll('conversations.list', 'channels', toChannel, signal, {
      types: 'public_channel,private_channel,mpim,im'
    }).finally(() => {
      this.loadingChannels = undefined;
    });
    this.channels = await this.loadingChannels;
    void this.saveDisk();
    return [...this.channels.items.values()];
  }

  async channel(id: string, signal?: AbortSignal): Promise<ChannelInfo> {
    const cached = this.channels?.items.get(id);
    if (cached) return cached;
    const { channel } = await this.client.call<{ channel: Json }>('conversations.info', { channel: id }, { signal });
    const info = toChannel(channel);
    this.channels?.items.set(info.id, info);
    return info;
  }

  async user(id: string, signal?: AbortSignal): Promise<UserInfo> {
    const cached = this.users?.items.get(id);
    if (cached) return cached;
    const { user } = await this.client.call<{ user: Json }>('users.info', { user: id }, { signal });
    const info = toUser(user);
    this.users?.items.set(info.id, info);
    return info;
  }

  /** Channel for a name or ID spelling; names must match exactly one conversation. */
  async resolveChannel(raw: string, signal?: AbortSignal): Promise<Resolved<ChannelInfo>> {
    const spelling = parseSpelling(raw);
    if (spelling.kind === 'invalid') return { ok: false, reason: 'invalid' };
    if (spelling.kind === 'channelId') return { ok: true, value: await this.channel(spelling.id, signal) };
    if (spelling.kind !== 'channelName') return { ok: false, reason: 'wrong_kind' };
    const find = (list: ChannelInfo[]): ChannelInfo[] => list.filter((c) => c.name?.toLowerCase() === spelling.name);
    let found = find(await this.allChannels(signal));
    // A name created after the last load: look once more with a fresh list.
    if (found.length === 0 && this.channels && this.now() - this.channels.at > 30_000) {
      found = find(await this.allChannels(signal, { fresh: true }));
    }
    if (found.length === 1) return { ok: true, value: found[0]! };
    return found.length === 0
      ? { ok: false, reason: 'unknown' }
      : { ok: false, reason: 'ambiguous', candidates: found.map((c) => c.id) };
  }

  /** User for an ID, @name (handle, display name or real name) or email spelling. */
  async resolveUser(raw: string, signal?: AbortSignal): Promise<Resolved<UserInfo>> {
    const spelling = parseSpelling(raw);
    if (spelling.kind === 'userId') return { ok: true, value: await this.user(spelling.id, signal) };
    if (spelling.kind === 'email') {
      const { user } = await this.client.call<{ user: Json }>('users.lookupByEmail', { email: spelling.email }, { signal });
      return { ok: true, value: toUser(user) };
    }
    const name = spelling.kind === 'userName' || spelling.kind === 'channelName' ? spelling.name : undefined;
    if (name === undefined) return { ok: false, reason: spelling.kind === 'invalid' ? 'invalid' : 'wrong_kind' };
    const users = await this.allUsers(signal);
    const exact = users.filter((u) => !u.deleted && u.name.toLowerCase() === name);
    const found = exact.length > 0 ? exact : users.filter((u) => !u.deleted && [u.displayName, u.realName].some((n) => n?.toLowerCase() === name));
    if (found.length === 1) return { ok: true, value: found[0]! };
    return found.length === 0
      ? { ok: false, reason: 'unknown' }
      : { ok: false, reason: 'ambiguous', candidates: found.map((u) => u.id) };
  }

  /** Cached names only (no calls), for rendering. */
  userName(id: string): string | undefined {
    const u = this.users?.items.get(id);
    return u ? u.displayName || u.name : undefined;
  }

  channelName(id: string): string | undefined {
    return this.channels?.items.get(id)?.name;
  }

  /** Loads the names behind the given IDs that are not cached yet (bounded), so rendering can name them. */
  async prime(userIds: Iterable<string>, signal?: AbortSignal): Promise<void> {
    if (!this.users || this.now() - this.users.at >= this.ttlMs) {
      await this.allUsers(signal).catch(() => undefined);
    }
    const missing = [...new Set(userIds)].filter((id) => USER_ID.test(id) && !this.users?.items.has(id)).slice(0, 10);
    await Promise.all(missing.map((id) => this.user(id, signal).catch(() => undefined)));
  }

  /** Slack mrkdwn as a reader sees it: `<@U1>` -> `@alice`, `<#C1|x>` -> `#x`, `<url|label>` -> `label (url)`. */
  render(text: string): string {
    return renderMrkdwn(text, { user: (id) => this.userName(id), channel: (id) => this.channelName(id) });
  }

  private async fetchAll<T extends { id: string }>(
    method: 'users.list' | 'conversations.list',
    key: string,
    convert: (raw: Json) => T,
    signal: AbortSignal | undefined,
    extra: Json = {}
  ): Promise<Snapshot<T>> {
    const items = new Map<string, T>();
    let cursor: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      const result = await this.client.call<Json>(method, { limit: 200, cursor, ...extra }, { signal });
      for (const raw of (result[key] as Json[] | undefined) ?? []) {
        const item = convert(raw);
        items.set(item.id, item);
      }
      cursor = nextCursor(result);
      if (!cursor) break;
    }
    if (cursor) this.options.logger?.warning(`slack ${method}: stopped after ${this.maxPages} pages`);
    return { at: this.now(), items };
  }

  private async loadDisk(): Promise<void> {
    const file = this.options.cacheFile;
    if (!file) return;
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as DiskCache;
      if (data.key !== this.cacheKey() || this.now() - data.at > this.ttlMs) return;
      this.users ??= { at: data.at, items: new Map(data.users.map((u) => [u.id, u])) };
      this.channels ??= { at: data.at, items: new Map(data.channels.map((c) => [c.id, c])) };
    } catch {
      // Missing or unreadable: the lists load from Slack.
    }
  }

  private async saveDisk(): Promise<void> {
    const file = this.options.cacheFile;
    if (!file || !this.users || !this.channels) return;
    const data: DiskCache = {
      key: this.cacheKey(),
      at: Math.min(this.users.at, this.channels.at),
      users: [...this.users.items.values()],
      channels: [...this.channels.items.values()]
    };
    try {
      await writeFileAtomic(file, JSON.stringify(data), { mode: 0o600 });
    } catch (error) {
      this.options.logger?.warning('slack directory cache not written', { error: describe(error) });
    }
  }

  private cacheKey(): string {
    return createHash('sha256').update(`${this.client.apiUrl}\n${this.options.cacheKey ?? ''}`).digest('hex').slice(0, 16);
  }
}

interface DiskCache {
  key: string;
  at: number;
  users: UserInfo[];
  channels: ChannelInfo[];
}

export function nextCursor(result: Json): string | undefined {
  const meta = result.response_metadata as { next_cursor?: unknown } | undefined;
  return typeof meta?.next_cursor === 'string' && meta.next_cursor !== '' ? meta.next_cursor : undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function toUser(raw: Json): UserInfo {
  const profile = (raw.profile ?? {}) as Json;
  return {
    id: String(raw.id),
    name: text(raw.name) ?? String(raw.id),
    ...optional('displayName', text(profile.display_name)),
    ...optional('realName', text(profile.real_name) ?? text(raw.real_name)),
    ...optional('email', text(profile.email)),
    ...optional('title', text(profile.title)),
    ...optional('tz', text(raw.tz)),
    isBot: raw.is_bot === true,
    deleted: raw.deleted === true
  };
}

export function toChannel(raw: Json): ChannelInfo {
  const kind: ChannelKind = raw.is_im ? 'im' : raw.is_mpim ? 'mpim' : raw.is_private || raw.is_group ? 'private' : 'public';
  return {
    id: String(raw.id),
    name: text(raw.name),
    kind,
    isMember: raw.is_member === true || kind === 'im',
    isArchived: raw.is_archived === true,
    ...optional('userId', text(raw.user)),
    ...optional('topic', text((raw.topic as Json | undefined)?.value)),
    ...optional('purpose', text((raw.purpose as Json | undefined)?.value)),
    ...optional('memberCount', typeof raw.num_members === 'number' ? raw.num_members : undefined)
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export interface NameLookup {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

/** Pure renderer of Slack's angle-bracket syntax; one linear pass with bounded tokens. */
export function renderMrkdwn(input: string, names: NameLookup): string {
  const rendered = input.replace(/<([^<>\n]{1,2000})>/g, (_whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar < 0 ? inner : inner.slice(0, bar);
    const label = bar < 0 ? undefined : inner.slice(bar + 1);
    if (target.startsWith('@')) {
      const id = target.slice(1);
      return `@${names.user(id) ?? label ?? id}`;
    }
    if (target.startsWith('#')) {
      const id = target.slice(1);
      return `#${label || names.channel(id) || id}`;
    }
    if (target.startsWith('!')) {
      const special = target.slice(1);
      if (special.startsWith('subteam^')) return label ?? `@${special.slice(8)}`;
      if (special.startsWith('date^')) return label ?? special;
      return `@${special}`;
    }
    if (target.startsWith('mailto:')) return label ?? target.slice(7);
    if (/^[a-z][a-z0-9+.-]{0,20}:/i.test(target)) return label && label !== target ? `${label} (${target})` : target;
    return `<${inner}>`;
  });
  return rendered.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
