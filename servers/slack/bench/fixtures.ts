import type { FakeState } from '../test/fake-slack/state.js';
import { seedWorkspace } from '../test/fake-slack/state.js';

const WORDS = 'deploy release review merge build flaky test incident rollback customer ticket meeting standup docs api latency queue cache'.split(' ');

/**
 * 200 messages shaped like a real conversations.history page: rich_text blocks mirroring the
 * text, client_msg_id, team, thread metadata on parents, reactions on some, a bot message with
 * its bot_profile now and then — the fields Slack sends that a model does not need.
 */
export function seedBusyChannel(state: FakeState, count = 200): void {
  seedWorkspace(state);
  const users = ['UALICE', 'UBOB', 'UEVE'];
  for (let i = 0; i < count; i++) {
    const user = users[i % users.length]!;
    const words = Array.from({ length: 8 + (i % 17) }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');
    const text = i % 5 === 0 ? `<@${users[(i + 1) % 3]}> ${words} <https://ci.acme.test/build/${i}|build ${i}>` : words;
    const ts = state.nextTs();
    const message: Record<string, unknown> = {
      ts, user, text, type: 'message', client_msg_id: `0c9a${i.toString(16).padStart(4, '0')}-5b2e-4c6f-9d1a-7e3f2b8c${i.toString(16).padStart(4, '0')}`,
      team: 'T0001',
      blocks: [{ type: 'rich_text', block_id: `b${i}Xy`, elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] }]
    };
    if (i % 9 === 0) {
      Object.assign(message, {
        thread_ts: ts, reply_count: 3, reply_users_count: 2, latest_reply: ts, reply_users: ['UBOB', 'UEVE'], is_locked: false, subscribed: false
      });
    }
    if (i % 4 === 0) message.reactions = [{ name: 'eyes', users: ['UBOB'], count: 1 }, { name: '+1', users: ['UEVE', 'UALICE'], count: 2 }];
    if (i % 25 === 0) {
      Object.assign(message, {
        subtype: 'bot_message', bot_id: 'B0CI', app_id: 'A0CI', username: 'CI',
        bot_profile: { id: 'B0CI', deleted: false, name: 'CI', updated: 1700000000, app_id: 'A0CI', icons: { image_36: 'https://a.slack-edge.com/36.png', image_48: 'https://a.slack-edge.com/48.png', image_72: 'https://a.slack-edge.com/72.png' }, team_id: 'T0001' }
      });
      delete message.user;
    }
    state.messages.get('C0GENERAL')!.push(message as never);
  }
}
