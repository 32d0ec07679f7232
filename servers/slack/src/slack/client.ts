import { AsyncLocalStorage } from 'node:async_hooks';
import { isIP } from 'node:net';
import { ErrorCode, LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import { setTimeout as delay } from 'node:timers/promises';
import { redactString, type Logger } from '@mcp-catalog/shared';
import { SlackApiError, SlackError, SlackRateLimitedError, SlackUnavailableError, type TokenRole } from './errors.js';

/** The Web API methods this server calls; nothing else can be named, so no URL can be smuggled in. */
export type SlackMethod =
  | 'auth.test'
  | 'conversations.list'
  | 'conversations.info'
  | 'conversations.history'
  | 'conversations.replies'
  | 'conversations.open'
  | 'users.list'
  | 'users.info'
  | 'users.lookupByEmail'
  | 'search.messages'
  | 'chat.postMessage'
  | 'chat.update'
  | 'chat.delete'
  | 'chat.getPermalink'
  | 'chat.scheduleMessage'
  | 'chat.scheduledMessages.list'
  | 'chat.deleteScheduledMessage'
  | 'reactions.add';

export type Json = Record<string, unknown>;

export interface CallOptions {
  /** Which token signs the call; search needs the user token. Default 'bot'. */
  as?: TokenRole;
  /** A write is repeated only after a 429 (Slack did not act on it), never after a lost answer. */
  write?: boolean;
  signal?: AbortSignal;
}

export interface SlackClientOptions {
  botToken: string;
  userToken?: string;
  teamId?: string;
  /** Base URL of the Web API; validated by {@link parseApiUrl}. */
  apiUrl?: string;
  /** How long one tool call may spend waiting on Slack, retries included. */
  retryBudgetMs?: number;
  /** Per-request timeout. */
  requestTimeoutMs?: number;
  logger?: Logger;
  /** Injectable for tests. */
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_API_URL = 'https://slack.com/api/';
const MAX_TRANSIENT_RETRIES = 3;

export type TokenKind = 'bot' | 'user' | 'app' | 'browser' | 'config' | 'unknown';

/** Slack tokens announce their kind in their prefix. */
export function tokenKind(token: string): TokenKind {
  if (token.startsWith('xoxb-')) return 'bot';
  if (token.startsWith('xoxp-')) return 'user';
  if (token.startsWith('xapp-')) return 'app';
  if (token.startsWith('xoxc-') || token.startsWith('xoxd-')) return 'browser';
  if (token.startsWith('xoxe')) return 'config';
  return 'unknown';
}

const KIND_NAME: Record<TokenKind, string> = {
  bot: 'a bot token (xoxb-)',
  user: 'a user token (xoxp-)',
  app: 'an app-level token (xapp-)',
  browser: 'a browser session token (xoxc-/xoxd-)',
  config: 'a configuration token (xoxe-)',
  unknown: 'not a Slack token'
};

/** Checks each token is the kind its variable promises; the message names the kind, never the token. */
export const MISSING_BOT_TOKEN = (): SlackError =>
  new SlackError(
    'SLACK_BOT_TOKEN is not set.',
    'The operator must create a Slack app, install it, and set SLACK_BOT_TOKEN to its Bot User OAuth Token (xoxb-...).',
    'config'
  );

export function checkTokens(botToken: string | undefined, userToken: string | undefined): void {
  if (!botToken) throw MISSING_BOT_TOKEN();
  const bot = tokenKind(botToken);
  if (bot !== 'bot') {
    throw new SlackError(
      `SLACK_BOT_TOKEN holds ${KIND_NAME[bot]}, not a bot token (xoxb-).`,
      bot === 'user'
        ? 'Put the user token in SLACK_USER_TOKEN and the Bot User OAuth Token (xoxb-...) in SLACK_BOT_TOKEN.'
        : 'Use the Bot User OAuth Token (xoxb-...) from the app\'s "OAuth & Permissions" page.',
      'config'
    );
  }
  if (userToken !== undefined && userToken !== '') {
    const user = tokenKind(userToken);
    if (user !== 'user') {
      throw new SlackError(
        `SLACK_USER_TOKEN holds ${KIND_NAME[user]}, not a user token (xoxp-).`,
        'Use the User OAuth Token (xoxp-...) from the app\'s "OAuth & Permissions" page, or unset SLACK_USER_TOKEN.',
        'config'
      );
    }
  }
}

/** https anywhere; plain http only to a loopback address (how tests reach a local fake). */
export function parseApiUrl(raw: string | undefined): string {
  const value = raw === undefined || raw === '' ? DEFAULT_API_URL : raw;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SlackError(`SLACK_API_URL is not a URL.`, 'Leave it unset for https://slack.com/api/.', 'config');
  }
  if (url.username || url.password) throw new SlackError('SLACK_API_URL must not carry credentials.', undefined, 'config');
  if (url.search || url.hash) throw new SlackError('SLACK_API_URL must not have a query or fragment.', undefined, 'config');
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new SlackError(
      'SLACK_API_URL uses plain http to a non-loopback host; the token would travel unencrypted.',
      'Use https, or http only to 127.0.0.1 / [::1] / localhost.',
      'config'
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SlackError('SLACK_API_URL must be an https URL.', undefined, 'config');
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * The only door to Slack. One WebClient per token with the SDK's own retries off
 * (`retries: 0`, `rejectRateLimitedCalls`), because its default retries ten times over about
 * thirty minutes; this class retries within a per-call budget instead and then fails with the
 * time Slack asked us to come back. Absolute URLs as method names are refused by the SDK
 * (`allowAbsoluteUrls: false`), so the bearer token only ever goes to the configured base.
 */
export class SlackClient {
  readonly apiUrl: string;
  readonly hasUserToken: boolean;
  /** No bot token: the server still starts (for --help, tools/list, registries) and every call says what to set. */
  readonly configured: boolean;
  private readonly bot: WebClient;
  private readonly user: WebClient | undefined;
  private readonly budgetMs: number;
  private readonly now: () => number;
  private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly logger: Logger | undefined;
  /** Carries the tool call's signal into the SDK's request interceptor (axios honours `config.signal`). */
  private readonly signals = new AsyncLocalStorage<AbortSignal>();

  constructor(options: SlackClientOptions) {
    this.configured = options.botToken !== '';
    // A token of the wrong kind is a mistake to stop at; a missing one only disables calls.
    if (this.configured || options.userToken) checkTokens(options.botToken || 'xoxb-', options.userToken);
    this.apiUrl = parseApiUrl(options.apiUrl);
    this.budgetMs = options.retryBudgetMs ?? 20_000;
    this.now = options.now ?? Date.now;
    this.wait =
      options.wait ??
      ((ms, signal) =>
        delay(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
          throw signal?.aborted ? signal.reason : error;
        }));
    this.logger = options.logger;
    const make = (token: string): WebClient =>
      new WebClient(token, {
        slackApiUrl: this.apiUrl,
        allowAbsoluteUrls: false,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
        timeout: options.requestTimeoutMs ?? 15_000,
        attachOriginalToWebAPIRequestError: false,
        maxRequestConcurrency: 10,
        logger: sdkLogger(options.logger),
        requestInterceptor: (config) => {
          const signal = this.signals.getStore();
          if (signal) config.signal = signal;
          return config;
        },
        ...(options.teamId ? { teamId: options.teamId } : {})
      });
    this.bot = make(options.botToken);
    this.user = options.userToken ? make(options.userToken) : undefined;
    this.hasUserToken = this.user !== undefined;
  }

  /** Calls a method; resolves with the body of an `ok: true` answer, or throws a {@link SlackError}. */
  async call<T extends Json = Json>(method: SlackMethod, args: Json = {}, options: CallOptions = {}): Promise<T> {
    if (!this.configured) throw MISSING_BOT_TOKEN();
    const role: TokenRole = options.as ?? 'bot';
    const client = role === 'user' ? this.user : this.bot;
    if (!client) {
      throw new SlackError(
        `${method} needs a user token, and none is configured.`,
        'The operator can set SLACK_USER_TOKEN (xoxp-...) with the search:read scope.',
        'config'
      );
    }
    const start = this.now();
    const deadline = start + this.budgetMs;
    const budget = AbortSignal.timeout(Math.max(1, this.budgetMs));
    const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      try {
        const result = await this.signals.run(signal, () => client.apiCall(method, clean(args)));
        return result as unknown as T;
      } catch (error) {
        options.signal?.throwIfAborted();
        const mapped = this.map(method, role, error, options.write === true);
        const remaining = deadline - this.now();
        if (mapped instanceof SlackRateLimitedError) {
          const waitMs = mapped.retryAfterSeconds * 1000;
          if (waitMs >= remaining) throw mapped;
          this.logger?.info('slack rate limit, waiting', { method, waitMs });
          await this.wait(waitMs, options.signal);
          continue;
        }
        if (mapped instanceof SlackUnavailableError && !mapped.outcomeUnknown && attempt <= MAX_TRANSIENT_RETRIES) {
          const waitMs = Math.floor(Math.random() * 250 * 2 ** (attempt - 1));
          if (waitMs >= remaining || budget.aborted) throw mapped;
          this.logger?.info('slack call failed, retrying', { method, attempt, waitMs });
          await this.wait(waitMs, options.signal);
          continue;
        }
        throw mapped;
      }
    }
  }

  private map(method: string, role: TokenRole, error: unknown, write: boolean): SlackError {
    if (error instanceof SlackError) return error;
    const e = error as { code?: unknown; data?: { error?: unknown; needed?: unknown; provided?: unknown }; retryAfter?: unknown; statusCode?: unknown };
    if (e.code === ErrorCode.PlatformError) {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      if (code === 'ratelimited') return new SlackRateLimitedError(method, 30, this.now());
      return new SlackApiError(method, code, role, str(e.data?.needed), str(e.data?.provided));
    }
    if (e.code === ErrorCode.RateLimitedError) {
      const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 30;
      return new SlackRateLimitedError(method, seconds, this.now());
    }
    if (e.code === ErrorCode.HTTPError) {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      // A 5xx on a write may come after Slack acted on it.
      return new SlackUnavailableError(method, `HTTP ${status}`, write);
    }
    // Request errors (reset, refused, timeout): for a write the request may have arrived.
    const reason = e.code === ErrorCode.RequestError ? 'no answer' : 'unexpected error';
    this.logger?.debug('slack request failed', { method, reason: redactString(String((error as Error)?.message ?? error)).slice(0, 200) });
    return new SlackUnavailableError(method, reason, write);
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 500 ? value : undefined;
}

// The SDK serialises undefined as the string "undefined"; drop such keys.
function clean(args: Json): Json {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
}

/** The SDK's log lines go to our stderr logger, redacted, at debug: our own lines say what matters. */
function sdkLogger(logger: Logger | undefined): SlackLogger {
  let level = LogLevel.WARN;
  const line = (parts: unknown[]): string => redactString(parts.map(String).join(' ')).slice(0, 500);
  return {
    debug: () => {},
    info: () => {},
    warn: (...parts: unknown[]) => logger?.debug(`slack sdk: ${line(parts)}`),
    error: (...parts: unknown[]) => logger?.debug(`slack sdk: ${line(parts)}`),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {}
  };
}
