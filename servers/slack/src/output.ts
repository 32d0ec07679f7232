import type { ChannelInfo, UserInfo } from './slack/directory.js';
import type { MessageView } from './slack/reads.js';
import { oneLine, stripHidden } from './text.js';

/** Longest message text shown in a listing; get_thread_replies or get_permalink for the rest. */
export const MAX_MESSAGE_CHARS = 1_500;

export function clip(text: string, max = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (+${text.length - max} chars)`;
}

/** `2026-01-01T00:01:00Z ts=1767225660.000001 @alice: text [2 replies]` — one line per message. */
export function messageLine(m: MessageView, { withChannel = false } = {}): string {
  const where = withChannel ? `${m.channelName ? `#${oneLine(m.channelName)}` : (m.channelId ?? '?')} ` : '';
  const who = m.user ? `@${oneLine(m.user)}` : '(app)';
  const extras = [
    m.threadTs ? `in thread ${m.threadTs}` : undefined,
    m.replyCount ? `${m.replyCount} ${m.replyCount === 1 ? 'reply' : 'replies'}` : undefined,
    m.files?.length ? `files: ${m.files.map((f) => oneLine(f)).join(', ')}` : undefined,
    m.reactions ? m.reactions : undefined,
    m.edited ? 'edited' : undefined,
    m.subtype && m.subtype !== 'bot_message' ? m.subtype : undefined
  ].filter(Boolean);
  return `${m.time} ts=${m.ts} ${where}${who}: ${clip(oneLine(m.text))}${extras.length ? ` [${extras.join('; ')}]` : ''}`;
}

/** The lean structured form of a message (hidden characters stripped, text clipped; the ts is the time). */
export function messageData(m: MessageView) {
  return {
    ts: m.ts,
    ...(m.userId ? { userId: m.userId } : {}),
    ...(m.user ? { user: stripHidden(m.user) } : {}),
    text: clip(stripHidden(m.text)),
    ...(m.threadTs ? { threadTs: m.threadTs } : {}),
    ...(m.replyCount ? { replyCount: m.replyCount } : {}),
    ...(m.files?.length ? { files: m.files.map(stripHidden) } : {}),
    ...(m.channelId ? { channelId: m.channelId } : {}),
    ...(m.channelName ? { channelName: stripHidden(m.channelName) } : {})
  };
}

export function channelLabel(c: ChannelInfo, userName?: (id: string) => string | undefined): string {
  if (c.kind === 'im') return `DM with @${(c.userId && userName?.(c.userId)) ?? c.userId ?? '?'}`;
  return `#${c.name ?? c.id}`;
}

export function channelLine(c: ChannelInfo, userName?: (id: string) => string | undefined): string {
  const bits = [
    c.kind,
    c.isMember ? 'member' : 'not a member',
    c.isArchived ? 'archived' : undefined,
    c.memberCount !== undefined ? `${c.memberCount} people` : undefined
  ].filter(Boolean);
  const about = c.topic || c.purpose ? ` — ${clip(oneLine(c.topic || c.purpose || ''), 200)}` : '';
  return `${c.id} ${oneLine(channelLabel(c, userName))} (${bits.join(', ')})${about}`;
}

export function channelData(c: ChannelInfo, userName?: (id: string) => string | undefined) {
  return {
    id: c.id,
    ...(c.name ? { name: stripHidden(c.name) } : {}),
    kind: c.kind,
    isMember: c.isMember,
    ...(c.isArchived ? { isArchived: true } : {}),
    ...(c.userId ? { userId: c.userId, ...(userName?.(c.userId) ? { userName: userName(c.userId) } : {}) } : {}),
    ...(c.memberCount !== undefined ? { memberCount: c.memberCount } : {}),
    ...(c.topic ? { topic: clip(stripHidden(c.topic), 200) } : {})
  };
}

export function userLine(u: UserInfo): string {
  const names = [u.displayName && u.displayName !== u.name ? u.displayName : undefined, u.realName].filter(Boolean).map((s) => oneLine(s!));
  const bits = [u.email, u.title ? oneLine(u.title) : undefined, u.tz, u.isBot ? 'bot' : undefined, u.deleted ? 'deactivated' : undefined].filter(Boolean);
  return `${u.id} @${oneLine(u.name)}${names.length ? ` (${names.join(', ')})` : ''}${bits.length ? ` — ${bits.join(', ')}` : ''}`;
}

export function userData(u: UserInfo) {
  return {
    id: u.id,
    name: stripHidden(u.name),
    ...(u.displayName ? { displayName: stripHidden(u.displayName) } : {}),
    ...(u.realName ? { realName: stripHidden(u.realName) } : {}),
    ...(u.email ? { email: u.email } : {}),
    ...(u.title ? { title: stripHidden(u.title) } : {}),
    ...(u.tz ? { tz: u.tz } : {}),
    ...(u.isBot ? { isBot: true } : {}),
    ...(u.deleted ? { deleted: true } : {})
  };
}

/**
 * Keeps whole lines while they fit in `maxBytes`; says how many were left out. Returns the
 * kept count so structured output can be cut at the same place.
 */
export function fitLines(lines: string[], maxBytes: number): { text: string; kept: number } {
  let bytes = 0;
  let kept = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > maxBytes && kept > 0) break;
    bytes += size;
    kept++;
  }
  return { text: lines.slice(0, kept).join('\n'), kept };
}
