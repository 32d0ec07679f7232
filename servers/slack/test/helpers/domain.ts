import { SlackClient } from '../../src/slack/client.js';
import { Directory } from '../../src/slack/directory.js';
import { Policy, type PolicySpec } from '../../src/slack/policy.js';
import { Poster, type PosterOptions } from '../../src/slack/posting.js';
import { openStore, Store } from '../../src/slack/store.js';
import { BOT_TOKEN, USER_TOKEN, startFakeSlack, type FakeSlack } from '../fake-slack/server.js';
import { seedWorkspace } from '../fake-slack/state.js';

export const DEFAULT_SPEC: PolicySpec = {
  postChannels: ['#general', 'C0RANDOM'],
  allowDms: false,
  allowBroadcast: false,
  allowMassMentions: false,
  unfurl: false,
  readChannels: []
};

/** The domain layer wired to a fresh fake workspace, the way deps wires it. */
export async function domain(spec: Partial<PolicySpec> = {}, options: PosterOptions & { budgetMs?: number } = {}) {
  const fake: FakeSlack = await startFakeSlack({ seed: seedWorkspace });
  const client = new SlackClient({ botToken: BOT_TOKEN, userToken: USER_TOKEN, apiUrl: fake.url, retryBudgetMs: options.budgetMs ?? 5_000 });
  const directory = new Directory(client);
  const full = { ...DEFAULT_SPEC, ...spec };
  const policy = await Policy.resolve(full, directory);
  const store = new Store(openStore(':memory:'));
  const poster = new Poster(client, directory, async () => policy, store, { botUserId: () => 'UBOT', ...options });
  fake.clearCalls();
  return {
    fake, client, directory, policy, store, poster,
    ctx: { tool: 'post_message', actor: 'test' },
    async close() {
      store.close();
      await fake.close();
    }
  };
}
