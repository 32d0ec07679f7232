import type { Logger } from '@mcp-catalog/shared';
import type { Config } from './settings.js';
import { SlackClient } from './slack/client.js';
import { Directory } from './slack/directory.js';
import { Policy, PolicyConfigError, type PolicySpec } from './slack/policy.js';
import { Poster } from './slack/posting.js';
import { Reader } from './slack/reads.js';
import { openStore, Store } from './slack/store.js';

export interface Deps {
  client: SlackClient;
  directory: Directory;
  store: Store;
  poster: Poster;
  /** Resolved once (names to IDs); a configuration error stays, a network error is retried on next use. */
  policy(): Promise<Policy>;
  reader(): Promise<Reader>;
  /** Who the bot is (auth.test), once known. */
  botUserId(): string | undefined;
  logger: Logger;
}

export function policySpec(config: Config): PolicySpec {
  return {
    postChannels: config.postChannels,
    allowDms: config.allowDms,
    allowBroadcast: config.allowBroadcast,
    allowMassMentions: config.allowMassMentions,
    unfurl: config.unfurl,
    readChannels: config.readChannels
  };
}

export function createDeps(config: Config, runtime: { logger: Logger }): Deps {
  const logger = runtime.logger;
  const client = new SlackClient({
    botToken: config.botToken ?? '',
    ...(config.userToken ? { userToken: config.userToken } : {}),
    ...(config.teamId ? { teamId: config.teamId } : {}),
    ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
    retryBudgetMs: config.retryBudgetSeconds * 1000,
    logger
  });
  const directory = new Directory(client, {
    ttlMs: config.cacheTtlSeconds * 1000,
    ...(config.cacheFile ? { cacheFile: config.cacheFile } : {}),
    ...(config.teamId ? { cacheKey: config.teamId } : {}),
    logger
  });
  const store = new Store(openStore(config.database));
  let resolving: Promise<Policy> | undefined;
  const policy = (): Promise<Policy> =>
    (resolving ??= Policy.resolve(policySpec(config), directory).catch((error: unknown) => {
      if (!(error instanceof PolicyConfigError)) resolving = undefined;
      throw error;
    }));
  let botUserId: string | undefined;
  const poster = new Poster(client, directory, policy, store, {
    duplicateWindowMs: config.duplicateWindowSeconds * 1000,
    unfurl: config.unfurl,
    botUserId: () => botUserId
  });

  if (!client.configured) {
    logger.error('SLACK_BOT_TOKEN is not set: every tool will answer with how to set it');
    return deps();
  }
  // Start-up never waits on Slack: names load and the policy resolves in the background, and a
  // configuration mistake is logged loudly now rather than at the first post.
  directory.warmUp();
  void client
    .call<{ user_id?: string }>('auth.test')
    .then((auth) => {
      botUserId = auth.user_id;
    })
    .catch((error: unknown) => logger.warning('slack auth.test failed', { error: (error as Error).message }));
  void policy().catch((error: unknown) =>
    logger.error('slack policy not resolved; writes are refused until it is', { error: (error as Error).message })
  );

  return deps();

  function deps(): Deps {
    return {
      client,
      directory,
      store,
      poster,
      policy,
      reader: async () => new Reader({ client, directory, policy: await policy() }),
      botUserId: () => botUserId,
      logger
    };
  }
}
