import type { SlackClient } from './client.js';
import { parseSpelling, type Directory } from './directory.js';
import { SlackError } from './errors.js';

/** What the operator configured; nothing here can come from a tool argument. */
export interface PolicySpec {
  /** Channel IDs or #names posts may go to. */
  postChannels: readonly string[];
  /** Direct messages (to a user ID, @name or email, or a D… conversation). */
  allowDms: boolean;
  /** `reply_broadcast` (a thread reply also shown in the channel). */
  allowBroadcast: boolean;
  /** `<!channel>`, `<!here>`, `<!everyone>`, user-group mentions. */
  allowMassMentions: boolean;
  /** Link and media previews. */
  unfurl: boolean;
  /** When non-empty, the only channels history, replies and search may read. */
  readChannels: readonly string[];
}

/** A refusal by the operator's policy; said plainly so the model stops trying other spellings. */
export class PolicyError extends SlackError {
  override name = 'PolicyError';
  constructor(message: string, hint?: string) {
    super(message, hint, 'policy');
  }
}

/** The configuration itself is wrong (unknown or ambiguous channel): fail closed. */
export class PolicyConfigError extends SlackError {
  override name = 'PolicyConfigError';
  constructor(message: string) {
    super(message, 'Fix the setting (use channel IDs to be unambiguous) and restart the server.', 'config');
  }
}

export interface Target {
  channelId: string;
  kind: 'channel' | 'dm';
}

export interface ResolvedChannel {
  id: string;
  label: string;
}

/** Resolves every spelling to one conversation ID, or throws naming each entry that failed. */
export async function resolveChannelList(
  setting: string,
  spellings: readonly string[],
  directory: Directory,
  signal?: AbortSignal
): Promise<ResolvedChannel[]> {
  const resolved: ResolvedChannel[] = [];
  const problems: string[] = [];
  for (const raw of spellings) {
    const spelling = parseSpelling(raw);
    if (spelling.kind === 'userId' || spelling.kind === 'userName' || spelling.kind === 'email') {
      problems.push(`${raw}: a person, not a channel (direct messages are enabled with --allow-dms)`);
      continue;
    }
    try {
      const found = await directory.resolveChannel(raw, signal);
      if (found.ok) resolved.push({ id: found.value.id, label: found.value.name ? `#${found.value.name}` : found.value.id });
      else if (found.reason === 'ambiguous') problems.push(`${raw}: ambiguous (${found.candidates?.join(', ')}); give the ID`);
      else problems.push(`${raw}: no such channel visible to the app`);
    } catch (error) {
      if (error instanceof SlackError && error.code === 'channel_not_found') {
        problems.push(`${raw}: no such channel visible to the app`);
      } else throw error;
    }
  }
  if (problems.length > 0) throw new PolicyConfigError(`${setting} could not be resolved: ${problems.join('; ')}.`);
  return resolved;
}

// Mass mentions in every spelling Slack honours: the escaped forms, and the bare words that
// `link_names` would turn into them (we never send link_names, but a refused word costs nothing).
const MASS_MENTION = /<!(?:channel|here|everyone|subteam\^)[^>]{0,200}>|(?:^|[^\w@])@(?:channel|here|everyone)\b/i;

/** The first mass mention in the text, if any. */
export function findMassMention(text: string): string | undefined {
  return MASS_MENTION.exec(text)?.[0]?.trim();
}

/**
 * The posting and reading rules, resolved to conversation IDs once at start. Every write path
 * asks {@link target} for the ID it will send to, whatever spelling the model used, so a
 * name, a `<#C…|x>` link, a user ID (which Slack would turn into a DM) or a permalink all meet
 * the same check.
 */
export class Policy {
  readonly postIds: ReadonlySet<string>;
  readonly readIds: ReadonlySet<string> | undefined;
  private readonly labels: Map<string, string>;

  constructor(
    readonly spec: PolicySpec,
    post: readonly ResolvedChannel[],
    read: readonly ResolvedChannel[] | undefined
  ) {
    this.postIds = new Set(post.map((c) => c.id));
    this.readIds = read && read.length > 0 ? new Set(read.map((c) => c.id)) : undefined;
    this.labels = new Map([...post, ...(read ?? [])].map((c) => [c.id, c.label]));
  }

  static async resolve(spec: PolicySpec, directory: Directory, signal?: AbortSignal): Promise<Policy> {
    const post = await resolveChannelList('--post-channels', spec.postChannels, directory, signal);
    const read = spec.readChannels.length > 0
      ? await resolveChannelList('--read-channels', spec.readChannels, directory, signal)
      : undefined;
    return new Policy(spec, post, read);
  }

  /** Whether any write is possible at all (decides whether write tools are listed). */
  static postingEnabled(spec: Pick<PolicySpec, 'postChannels' | 'allowDms'>): boolean {
    return spec.postChannels.length > 0 || spec.allowDms;
  }

  canRead(channelId: string): boolean {
    return this.readIds === undefined || this.readIds.has(channelId);
  }

  /** Throws unless the channel may be read; the message says which channels may. */
  assertReadable(channelId: string): void {
    if (this.canRead(channelId)) return;
    throw new PolicyError(
      `This server may not read that conversation (${channelId}).`,
      `The operator limited reading to ${this.describe(this.readIds!)}.`
    );
  }

  /**
   * The conversation ID a write to `raw` would land in, after the policy allowed it. Opens a DM
   * (conversations.open) only when DMs are allowed; every refusal happens before any write call.
   */
  async target(raw: string, directory: Directory, client: SlackClient, signal?: AbortSignal): Promise<Target> {
    const spelling = parseSpelling(raw);
    if (spelling.kind === 'invalid') {
      throw new PolicyError(`"${raw.slice(0, 80)}" is not a channel.`, 'Give a channel ID (C…) or #name.');
    }
    if (spelling.kind === 'userId' || spelling.kind === 'userName' || spelling.kind === 'email') {
      if (!this.spec.allowDms) throw this.dmRefusal();
      const user = await directory.resolveUser(raw, signal);
      if (!user.ok) {
        throw new PolicyError(
          user.reason === 'ambiguous' ? `"${raw}" matches several people (${user.candidates?.join(', ')}).` : `No person "${raw}" found.`,
          'Use find_users and pass the user ID.'
        );
      }
      if (user.value.isBot || user.value.deleted) throw new PolicyError('That user is a bot or deactivated; not messaging it.');
      const opened = await client.call<{ channel: { id: string } }>('conversations.open', { users: user.value.id }, { signal, write: true });
      return { channelId: opened.channel.id, kind: 'dm' };
    }
    let channelId: string;
    if (spelling.kind === 'channelId') channelId = spelling.id;
    else {
      const found = await directory.resolveChannel(raw, signal);
      if (!found.ok) {
        throw new PolicyError(
          found.reason === 'ambiguous'
            ? `"${raw}" names several channels (${found.candidates?.join(', ')}).`
            : `No channel "${raw}" is visible to the app.`,
          `Posting is allowed to ${this.describe(this.postIds)}.`
        );
      }
      channelId = found.value.id;
    }
    if (this.postIds.has(channelId)) return { channelId, kind: 'channel' };
    if (channelId.startsWith('D')) {
      if (this.spec.allowDms) return { channelId, kind: 'dm' };
      throw this.dmRefusal();
    }
    if (this.spec.allowDms) {
      const info = await directory.channel(channelId, signal).catch(() => undefined);
      if (info && (info.kind === 'im' || info.kind === 'mpim')) return { channelId, kind: 'dm' };
    }
    throw new PolicyError(
      `Posting to ${this.labels.get(channelId) ?? channelId} is not allowed by this server's configuration.`,
      this.postIds.size > 0 ? `Posting is allowed to ${this.describe(this.postIds)} only.` : 'No channel is open for posting.'
    );
  }

  /** Refuses mass mentions and broadcasts the operator did not allow. */
  checkContent(text: string, broadcast: boolean): void {
    if (!this.spec.allowMassMentions) {
      const mention = findMassMention(text);
      if (mention !== undefined) {
        throw new PolicyError(
          `The text contains a mass mention (${mention.slice(0, 40)}), which this server does not send.`,
          'Remove @channel/@here/@everyone and user-group mentions; name the people instead.'
        );
      }
    }
    if (broadcast && !this.spec.allowBroadcast) {
      throw new PolicyError('Broadcasting a thread reply to the channel is not allowed by this server\'s configuration.', 'Reply without broadcast.');
    }
  }

  private dmRefusal(): PolicyError {
    return new PolicyError(
      'Direct messages are not allowed by this server\'s configuration.',
      this.postIds.size > 0 ? `Post in ${this.describe(this.postIds)} instead.` : undefined
    );
  }

  private describe(ids: ReadonlySet<string>): string {
    const names = [...ids].slice(0, 10).map((id) => this.labels.get(id) ?? id);
    return names.length === 0 ? 'no channel' : names.join(', ') + (ids.size > 10 ? ` and ${ids.size - 10} more` : '');
  }
}
