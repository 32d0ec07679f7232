import { createHash } from 'node:crypto';
import type { Json, SlackClient } from './client.js';
import type { Directory } from './directory.js';
import { SlackError, SlackUnavailableError } from './errors.js';
import { PolicyError, type Policy, type Target } from './policy.js';
import { textHash, type AuditOutcome, type Store } from './store.js';

export interface WriteContext {
  /** Which tool asked, and who is behind the connection, for the audit log. */
  tool: string;
  actor: string;
  signal?: AbortSignal;
  /**
   * Called after the policy allowed the write and before anything is sent; throw to stop (the
   * person declined). Gets the resolved destination so the question can show it.
   */
  confirm?: (target: Target, summary: string) => Promise<void>;
}

export interface SentResult {
  status: 'sent' | 'already_sent';
  channelId: string;
  ts: string;
  threadTs?: string;
  permalink?: string;
  /** Something after the send did not work; the message is still sent. */
  note?: string;
}

export interface ScheduledResult {
  status: 'scheduled' | 'already_scheduled';
  channelId: string;
  scheduledMessageId: string;
  postAt: number;
}

export interface PosterOptions {
  /** A post identical to one sent this recently (same conversation, thread and text) is not sent again. */
  duplicateWindowMs?: number;
  unfurl?: boolean;
  /** The app's own user ID (auth.test), to recognise its message when an answer was lost. */
  botUserId?: () => string | undefined;
  now?: () => number;
}

/** Declines from {@link WriteContext.confirm} should throw this. */
export class DeclinedError extends SlackError {
  override name = 'DeclinedError';
  constructor(detail: string) {
    super(`The user did not approve it (${detail}); nothing was sent.`, 'Ask the user what to change.', 'declined');
  }
}

/**
 * Every write goes through here: the policy resolves and checks the destination, the person
 * confirms, Slack is called once, and the outcome is recorded. A post Slack accepted stays
 * "sent" whatever fails afterwards (permalink, bookkeeping), because an agent told "failed"
 * posts again; an identical post within the window returns the first one instead of a twin.
 */
export class Poster {
  private readonly inflight = new Map<string, Promise<SentResult>>();
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: SlackClient,
    private readonly directory: Directory,
    private readonly policy: () => Promise<Policy>,
    private readonly store: Store,
    private readonly options: PosterOptions = {}
  ) {
    this.windowMs = options.duplicateWindowMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  async post(ctx: WriteContext, req: { channel: string; text: string; threadTs?: string; broadcast?: boolean }): Promise<SentResult> {
    const hash = textHash(req.text);
    const target = await this.check(ctx, req.channel, hash, (policy) => policy.checkContent(req.text, req.broadcast === true));
    const key = idemKey(target.channelId, req.threadTs, req.broadcast === true, req.text);
    const running = this.inflight.get(key);
    if (running) return { ...(await running), status: 'already_sent' };
    const earlier = this.store.findRecent(key, this.windowMs);
    if (earlier) {
      this.audit(ctx, target.channelId, earlier.ts, hash, 'duplicate', 'identical post within the duplicate window; not sent again');
      return {
        status: 'already_sent',
        channelId: earlier.channel,
        ts: earlier.ts,
        ...(earlier.threadTs ? { threadTs: earlier.threadTs } : {}),
        ...(await this.permalinkOrNote(earlier.channel, earlier.ts, ctx.signal))
      };
    }
    const work = this.send(ctx, target, req, key, hash);
    this.inflight.set(key, work);
    try {
      return await work;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async send(
    ctx: WriteContext,
    target: Target,
    req: { text: string; threadTs?: string; broadcast?: boolean },
    key: string,
    hash: string
  ): Promise<SentResult> {
    await this.confirmed(ctx, target, req.threadTs ? 'reply in thread' : 'post', target.channelId, hash);
    const unfurl = this.options.unfurl === true;
    let ts: string;
    try {
      const result = await this.client.call<{ ts: string; channel: string }>(
        'chat.postMessage',
        {
          channel: target.channelId,
          text: req.text,
          thread_ts: req.threadTs,
          reply_broadcast: req.threadTs && req.broadcast ? true : undefined,
          unfurl_links: unfurl,
          unfurl_media: unfurl,
          parse: 'none',
          link_names: false
        },
        { signal: ctx.signal, write: true }
      );
      ts = result.ts;
    } catch (error) {
      const found = error instanceof SlackUnavailableError ? await this.findLanded(target.channelId, req.text, req.threadTs) : undefined;
      if (!found) {
        this.audit(ctx, target.channelId, null, hash, error instanceof SlackUnavailableError ? 'unknown' : 'failed', describe(error));
        throw error;
      }
      ts = found;
    }
    // From here on the message exists: nothing below may turn this into an error.
    const notes: string[] = [];
    try {
      this.store.recordPosted('message', target.channelId, ts, key, req.threadTs);
      this.audit(ctx, target.channelId, ts, hash, 'sent', null);
    } catch {
      notes.push('it was not recorded locally, so update_message and delete_message cannot change it');
    }
    const link = await this.permalinkOrNote(target.channelId, ts, ctx.signal);
    if (link.note) notes.push(link.note);
    return {
      status: 'sent',
      channelId: target.channelId,
      ts,
      ...(req.threadTs ? { threadTs: req.threadTs } : {}),
      ...(link.permalink ? { permalink: link.permalink } : {}),
      ...(notes.length ? { note: `Sent; ${notes.join('; ')}.` } : {})
    };
  }

  async update(ctx: WriteContext, req: { channel: string; ts: string; text: string }): Promise<{ channelId: string; ts: string }> {
    const hash = textHash(req.text);
    const target = await this.check(ctx, req.channel, hash, (policy) => policy.checkContent(req.text, false));
    this.assertOurs(ctx, 'message', target.channelId, req.ts, hash);
    await this.confirmed(ctx, target, 'edit', target.channelId, hash);
    await this.run(ctx, target.channelId, req.ts, hash, () =>
      this.client.call('chat.update', { channel: target.channelId, ts: req.ts, text: req.text, parse: 'none', link_names: false }, { signal: ctx.signal, write: true })
    );
    return { channelId: target.channelId, ts: req.ts };
  }

  async remove(ctx: WriteContext, req: { channel: string; ts: string }): Promise<{ channelId: string; ts: string }> {
    const target = await this.check(ctx, req.channel, null);
    this.assertOurs(ctx, 'message', target.channelId, req.ts, null);
    await this.confirmed(ctx, target, 'delete', target.channelId, null);
    await this.run(ctx, target.channelId, req.ts, null, () =>
      this.client.call('chat.delete', { channel: target.channelId, ts: req.ts }, { signal: ctx.signal, write: true })
    );
    this.store.markDeleted('message', target.channelId, req.ts);
    return { channelId: target.channelId, ts: req.ts };
  }

  async react(ctx: WriteContext, req: { channel: string; ts: string; name: string }): Promise<{ channelId: string; alreadyThere: boolean }> {
    const target = await this.check(ctx, req.channel, null);
    try {
      await this.run(ctx, target.channelId, req.ts, null, () =>
        this.client.call('reactions.add', { channel: target.channelId, timestamp: req.ts, name: req.name }, { signal: ctx.signal, write: true })
      );
      return { channelId: target.channelId, alreadyThere: false };
    } catch (error) {
      // Adding a reaction twice is the same end state: report it as done, not as a failure.
      if (error instanceof SlackError && error.code === 'already_reacted') return { channelId: target.channelId, alreadyThere: true };
      throw error;
    }
  }

  async schedule(
    ctx: WriteContext,
    req: { channel: string; text: string; postAt: number; threadTs?: string }
  ): Promise<ScheduledResult> {
    const hash = textHash(req.text);
    const target = await this.check(ctx, req.channel, hash, (policy) => policy.checkContent(req.text, false));
    const key = idemKey(target.channelId, req.threadTs, false, `${req.postAt}\n${req.text}`);
    const earlier = this.store.findRecent(key, this.windowMs);
    if (earlier) {
      this.audit(ctx, target.channelId, earlier.ts, hash, 'duplicate', 'identical schedule within the duplicate window');
      return { status: 'already_scheduled', channelId: target.channelId, scheduledMessageId: earlier.ts, postAt: req.postAt };
    }
    await this.confirmed(ctx, target, 'schedule', target.channelId, hash);
    const unfurl = this.options.unfurl === true;
    const result = await this.run(ctx, target.channelId, null, hash, () =>
      this.client.call<{ scheduled_message_id: string; post_at: number }>(
        'chat.scheduleMessage',
        {
          channel: target.channelId, text: req.text, post_at: req.postAt, thread_ts: req.threadTs,
          unfurl_links: unfurl, unfurl_media: unfurl, parse: 'none', link_names: false
        },
        { signal: ctx.signal, write: true }
      ), 'sent'
    );
    try {
      this.store.recordPosted('scheduled', target.channelId, result.scheduled_message_id, key, req.threadTs);
    } catch {
      // Scheduled anyway; only deleting it through this server becomes impossible.
    }
    return { status: 'scheduled', channelId: target.channelId, scheduledMessageId: result.scheduled_message_id, postAt: result.post_at };
  }

  async deleteScheduled(ctx: WriteContext, req: { channel: string; scheduledMessageId: string }): Promise<{ channelId: string }> {
    const target = await this.check(ctx, req.channel, null);
    this.assertOurs(ctx, 'scheduled', target.channelId, req.scheduledMessageId, null);
    await this.confirmed(ctx, target, 'cancel scheduled message', target.channelId, null);
    await this.run(ctx, target.channelId, req.scheduledMessageId, null, () =>
      this.client.call('chat.deleteScheduledMessage', { channel: target.channelId, scheduled_message_id: req.scheduledMessageId }, { signal: ctx.signal, write: true })
    );
    this.store.markDeleted('scheduled', target.channelId, req.scheduledMessageId);
    return { channelId: target.channelId };
  }

  /** Scheduled messages this server created in channels it may post to. */
  async listScheduled(req: { channel?: string; cursor?: string; limit: number; signal?: AbortSignal }) {
    const policy = await this.policy();
    let channelId: string | undefined;
    if (req.channel) channelId = (await policy.target(req.channel, this.directory, this.client, req.signal)).channelId;
    const result = await this.client.call<Json>(
      'chat.scheduledMessages.list',
      { channel: channelId, cursor: req.cursor, limit: req.limit },
      { signal: req.signal }
    );
    const ours = this.store.ourScheduled();
    const items = ((result.scheduled_messages as Json[] | undefined) ?? [])
      .filter((m) => ours.has(String(m.id)))
      .map((m) => ({ id: String(m.id), channelId: String(m.channel_id), postAt: Number(m.post_at), text: String(m.text ?? '') }));
    const meta = result.response_metadata as { next_cursor?: string } | undefined;
    return { items, nextCursor: meta?.next_cursor || undefined };
  }

  private async check(ctx: WriteContext, channel: string, hash: string | null, extra?: (policy: Policy) => void): Promise<Target> {
    try {
      const policy = await this.policy();
      extra?.(policy);
      return await policy.target(channel, this.directory, this.client, ctx.signal);
    } catch (error) {
      if (error instanceof PolicyError || (error instanceof SlackError && error.code === 'config')) {
        this.audit(ctx, null, null, hash, 'refused', `${channel.slice(0, 80)}: ${error.message}`);
      }
      throw error;
    }
  }

  private assertOurs(ctx: WriteContext, kind: 'message' | 'scheduled', channel: string, ts: string, hash: string | null): void {
    if (this.store.isOurs(kind, channel, ts)) return;
    const error = new PolicyError(
      `That ${kind === 'message' ? 'message' : 'scheduled message'} was not posted by this server, so it may not change it.`,
      'Only messages this server sent (see get_audit_log) can be edited or deleted.'
    );
    this.audit(ctx, channel, ts, hash, 'refused', error.message);
    throw error;
  }

  private async confirmed(ctx: WriteContext, target: Target, action: string, channel: string, hash: string | null): Promise<void> {
    if (!ctx.confirm) return;
    try {
      await ctx.confirm(target, action);
    } catch (error) {
      this.audit(ctx, channel, null, hash, 'declined', describe(error));
      throw error;
    }
  }

  private async run<T>(ctx: WriteContext, channel: string, ts: string | null, hash: string | null, fn: () => Promise<T>, okOutcome: AuditOutcome = 'sent'): Promise<T> {
    try {
      const result = await fn();
      const id = (result as { scheduled_message_id?: unknown } | undefined)?.scheduled_message_id;
      this.audit(ctx, channel, ts ?? (typeof id === 'string' ? id : null), hash, okOutcome, null);
      return result;
    } catch (error) {
      this.audit(ctx, channel, ts, hash, error instanceof SlackUnavailableError && error.outcomeUnknown ? 'unknown' : 'failed', describe(error));
      throw error;
    }
  }

  private async permalinkOrNote(channel: string, ts: string, signal?: AbortSignal): Promise<{ permalink?: string; note?: string }> {
    try {
      const { permalink } = await this.client.call<{ permalink: string }>('chat.getPermalink', { channel, message_ts: ts }, { signal });
      return { permalink };
    } catch {
      return { note: 'the permalink could not be fetched (use get_permalink later)' };
    }
  }

  /** After a lost answer: did our message land anyway? One bounded read of the last minutes. */
  private async findLanded(channel: string, text: string, threadTs?: string): Promise<string | undefined> {
    const me = this.options.botUserId?.();
    try {
      const oldest = String(Math.floor(this.now() / 1000) - 300);
      const result = await this.client.call<{ messages?: Json[] }>(
        threadTs ? 'conversations.replies' : 'conversations.history',
        threadTs ? { channel, ts: threadTs, oldest, limit: 50 } : { channel, oldest, limit: 50 }
      );
      const hit = (result.messages ?? []).find((m) => m.text === text && (me === undefined || m.user === me));
      return typeof hit?.ts === 'string' ? hit.ts : undefined;
    } catch {
      return undefined;
    }
  }

  private audit(ctx: WriteContext, channel: string | null, ts: string | null, hash: string | null, outcome: AuditOutcome, detail: string | null): void {
    try {
      this.store.audit({ actor: ctx.actor, tool: ctx.tool, channel, ts, textHash: hash, outcome, detail: detail?.slice(0, 500) ?? null });
    } catch {
      // The audit log failing must not turn a sent message into an error; the log line still shows it.
    }
  }
}

export function idemKey(channel: string, threadTs: string | undefined, broadcast: boolean, text: string): string {
  return createHash('sha256').update(`${channel}\n${threadTs ?? ''}\n${broadcast ? 1 : 0}\n${text}`).digest('hex');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
