/** The fake workspace: shapes follow the Web API's objects (trimmed to the fields the server reads). */
export interface FakeUser {
  id: string;
  name: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
  profile: { display_name?: string; real_name?: string; email?: string; title?: string; status_text?: string };
}

export interface FakeChannel {
  id: string;
  name?: string;
  is_channel?: boolean;
  is_group?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  is_private?: boolean;
  is_archived?: boolean;
  is_member?: boolean;
  /** For an IM: the other user. */
  user?: string;
  topic?: { value: string };
  purpose?: { value: string };
  num_members?: number;
  created?: number;
}

export interface FakeMessage {
  type: 'message';
  ts: string;
  user?: string;
  bot_id?: string;
  text: string;
  thread_ts?: string;
  reply_count?: number;
  subtype?: string;
  files?: { id: string; name: string; title: string }[];
  reactions?: { name: string; users: string[]; count: number }[];
  edited?: { user: string; ts: string };
}

export interface FakeAuth {
  kind: 'bot' | 'user';
  userId: string;
  botId?: string;
  scopes: string[];
}

export interface FakeScheduled {
  id: string;
  channel_id: string;
  post_at: number;
  date_created: number;
  text: string;
}

export interface FakeState {
  team: { id: string; name: string; domain: string };
  users: FakeUser[];
  channels: FakeChannel[];
  messages: Map<string, FakeMessage[]>;
  scheduled: FakeScheduled[];
  tokens: Map<string, FakeAuth>;
  /** Monotonic clock for new message timestamps (seconds). */
  clock: number;
  seq: number;
  addUser(user: Partial<FakeUser> & { id: string; name: string }): FakeUser;
  addChannel(channel: FakeChannel): FakeChannel;
  addMessage(channel: string, message: Partial<FakeMessage> & { text: string }): FakeMessage;
  nextTs(): string;
  /** A timestamp of now, as Slack gives a message posted now. */
  liveTs(): string;
}

export const BOT_SCOPES = [
  'channels:read', 'groups:read', 'im:read', 'mpim:read', 'channels:history', 'groups:history', 'im:history',
  'mpim:history', 'users:read', 'users:read.email', 'chat:write', 'reactions:write', 'im:write'
];
export const USER_SCOPES = [...BOT_SCOPES, 'search:read'];

export function createState(): FakeState {
  const state: FakeState = {
    team: { id: 'T0001', name: 'Acme', domain: 'acme' },
    users: [],
    channels: [],
    messages: new Map(),
    scheduled: [],
    tokens: new Map([
      ['xoxb-1111-2222-faketokenbot', { kind: 'bot', userId: 'UBOT', botId: 'BBOT', scopes: BOT_SCOPES }],
      ['xoxp-1111-2222-3333-faketokenuser', { kind: 'user', userId: 'UALICE', scopes: USER_SCOPES }]
    ]),
    clock: 1_767_225_600, // 2026-01-01T00:00:00Z
    seq: 0,
    addUser(user) {
      const full: FakeUser = { profile: {}, ...user };
      state.users.push(full);
      return full;
    },
    addChannel(channel) {
      state.channels.push(channel);
      state.messages.set(channel.id, state.messages.get(channel.id) ?? []);
      return channel;
    },
    addMessage(channel, message) {
      const list = state.messages.get(channel);
      if (!list) throw new Error(`no channel ${channel}`);
      const full: FakeMessage = { type: 'message', ts: message.ts ?? state.nextTs(), ...message } as FakeMessage;
      list.push(full);
      list.sort((a, b) => Number(a.ts) - Number(b.ts));
      if (full.thread_ts && full.thread_ts !== full.ts) {
        const parent = list.find((m) => m.ts === full.thread_ts);
        if (parent) parent.reply_count = (parent.reply_count ?? 0) + 1;
      }
      return full;
    },
    liveTs() {
      state.seq += 1;
      return `${Math.floor(Date.now() / 1000)}.${String(state.seq).padStart(6, '0')}`;
    },
    nextTs() {
      state.clock += 60;
      state.seq += 1;
      return `${state.clock}.${String(state.seq).padStart(6, '0')}`;
    }
  };
  return state;
}

/** A small workspace most tests start from. */
export function seedWorkspace(state: FakeState): void {
  state.addUser({ id: 'UBOT', name: 'catalogbot', is_bot: true, profile: { display_name: 'Catalog Bot' } });
  state.addUser({
    id: 'UALICE', name: 'alice', real_name: 'Alice Liddell', tz: 'Europe/London',
    profile: { display_name: 'alice', real_name: 'Alice Liddell', email: 'alice@acme.test', title: 'Engineer' }
  });
  state.addUser({
    id: 'UBOB', name: 'bob', real_name: 'Bob Builder',
    profile: { display_name: 'bobby', real_name: 'Bob Builder', email: 'bob@acme.test' }
  });
  state.addUser({ id: 'UEVE', name: 'eve', real_name: 'Eve', profile: { display_name: 'eve', email: 'eve@acme.test' } });
  state.addChannel({ id: 'C0GENERAL', name: 'general', is_channel: true, is_member: true, num_members: 4, topic: { value: 'Company-wide' }, purpose: { value: 'All hands' } });
  state.addChannel({ id: 'C0RANDOM', name: 'random', is_channel: true, is_member: true, num_members: 3, topic: { value: '' }, purpose: { value: '' } });
  state.addChannel({ id: 'C0SECRET', name: 'secret', is_channel: true, is_member: true, num_members: 2, topic: { value: '' }, purpose: { value: '' } });
  state.addChannel({ id: 'G0PRIV', name: 'private-team', is_group: true, is_private: true, is_member: true, num_members: 2 });
  state.addChannel({ id: 'C0OUTSIDE', name: 'outside', is_channel: true, is_member: false, num_members: 9 });
  state.addChannel({ id: 'D0ALICE', is_im: true, user: 'UALICE', is_member: true });
  const root = state.addMessage('C0GENERAL', { user: 'UALICE', text: 'Welcome <@UBOB> to <#C0RANDOM|random>! See <https://acme.test/wiki|the wiki>' });
  state.addMessage('C0GENERAL', { user: 'UBOB', text: 'thanks!', thread_ts: root.ts });
  state.addMessage('C0GENERAL', { user: 'UEVE', text: 'deploy at 5pm' });
  state.addMessage('C0SECRET', { user: 'UEVE', text: 'the launch code is 1234 deploy' });
  state.addMessage('C0RANDOM', { user: 'UBOB', text: 'lunch? deploy later' });
}
