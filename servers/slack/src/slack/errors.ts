/**
 * Slack failures as typed errors whose messages say what to do next. They are built from the
 * error code and a few named fields only, never from the SDK's error object (its `original`
 * carries the request config, Authorization header included), so no token can ride along.
 */
export type TokenRole = 'bot' | 'user';

const ROLE_NAME: Record<TokenRole, string> = { bot: 'bot token (SLACK_BOT_TOKEN)', user: 'user token (SLACK_USER_TOKEN)' };

export class SlackError extends Error {
  override name = 'SlackError';
  constructor(
    message: string,
    readonly hint: string | undefined,
    readonly code: string
  ) {
    super(message);
  }
}

/** `ok: false` from Slack. */
export class SlackApiError extends SlackError {
  override name = 'SlackApiError';
  constructor(
    readonly method: string,
    code: string,
    readonly role: TokenRole,
    readonly needed?: string,
    readonly provided?: string
  ) {
    const { message, hint } = describe(method, code, role, needed, provided);
    super(message, hint, code);
  }
}

/** HTTP 429 that did not clear within the call's wait budget. */
export class SlackRateLimitedError extends SlackError {
  override name = 'SlackRateLimitedError';
  readonly retryAt: string;
  constructor(
    readonly method: string,
    readonly retryAfterSeconds: number,
    now: number = Date.now()
  ) {
    const retryAt = new Date(now + retryAfterSeconds * 1000).toISOString();
    super(
      `Slack rate-limited ${method}; it asked to wait ${retryAfterSeconds} s, longer than this call may wait.`,
      `Retry after ${retryAt} (in ${retryAfterSeconds} s), or narrow the request so it needs fewer calls.`,
      'ratelimited'
    );
    this.retryAt = retryAt;
  }
}

/** The request did not get a usable answer (network, timeout, HTTP 5xx). */
export class SlackUnavailableError extends SlackError {
  override name = 'SlackUnavailableError';
  constructor(
    readonly method: string,
    reason: string,
    /** True for a write that may have reached Slack: the caller must not blindly repeat it. */
    readonly outcomeUnknown: boolean
  ) {
    super(
      `Slack did not answer ${method} (${reason}).`,
      outcomeUnknown
        ? 'The message may or may not have been sent: read the channel history before trying again.'
        : 'Slack may be having trouble; try again in a minute.',
      'unavailable'
    );
  }
}

function describe(
  method: string,
  code: string,
  role: TokenRole,
  needed?: string,
  provided?: string
): { message: string; hint?: string } {
  const token = ROLE_NAME[role];
  switch (code) {
    case 'missing_scope': {
      const scope = needed ?? 'a scope Slack did not name';
      return {
        message: `The ${token} lacks the scope ${scope} that ${method} needs.`,
        hint:
          `Add ${scope} to the app's ${role === 'bot' ? 'Bot' : 'User'} Token Scopes, reinstall the app, and update the token.` +
          (provided ? ` It currently has: ${provided}.` : '') +
          (method === 'search.messages' && role === 'bot' ? ' Search needs a user token: set SLACK_USER_TOKEN.' : '')
      };
    }
    case 'not_allowed_token_type':
      return {
        message: `${method} does not accept a ${token}.`,
        hint: method === 'search.messages' ? 'Search needs a user token (xoxp-): set SLACK_USER_TOKEN.' : undefined
      };
    case 'not_in_channel':
      return {
        message: 'The app is not a member of that channel.',
        hint: 'Invite the app in Slack (/invite @your-app in the channel), then try again.'
      };
    case 'channel_not_found':
      return {
        message: 'Slack found no channel with that ID that this token can see.',
        hint: 'Use list_channels for IDs; private channels and DMs need the app to be a member.'
      };
    case 'thread_not_found':
      return { message: 'No thread starts at that ts in that channel.', hint: 'Take threadTs from get_channel_history.' };
    case 'message_not_found':
      return { message: 'No message with that ts in that channel.', hint: 'Take ts from get_channel_history.' };
    case 'user_not_found':
    case 'users_not_found':
      return { message: 'Slack found no such user.', hint: 'Use find_users to look people up by name or email.' };
    case 'is_archived':
      return { message: 'That channel is archived; nothing can be posted to it.' };
    case 'msg_too_long':
      return { message: 'The message is too long for Slack.', hint: 'Shorten the text.' };
    case 'already_reacted':
      return { message: 'The app already added that reaction to that message.' };
    case 'invalid_name':
      return { message: 'Slack knows no emoji by that name.', hint: 'Use a name like thumbsup or white_check_mark, without colons.' };
    case 'cant_update_message':
    case 'cant_delete_message':
      return { message: 'Slack refused: the message was not posted by this app.' };
    case 'time_in_past':
    case 'time_too_far':
      return { message: `Slack refused the schedule time (${code}).`, hint: 'Pick a time between one minute and 120 days ahead.' };
    case 'invalid_scheduled_message_id':
      return { message: 'No scheduled message with that ID in that channel.', hint: 'Use list_scheduled_messages.' };
    case 'ratelimited':
      return { message: `Slack rate-limited ${method}.`, hint: 'Wait a minute and try again.' };
    case 'invalid_auth':
    case 'not_authed':
    case 'account_inactive':
    case 'token_revoked':
    case 'token_expired':
      return {
        message: `Slack rejected the ${token} (${code}).`,
        hint: 'The operator must set a valid token and restart the server.'
      };
    case 'invalid_cursor':
      return { message: 'That cursor is not valid (or expired).', hint: 'Start again without a cursor.' };
    case 'team_access_not_granted':
    case 'missing_argument':
      return {
        message: `Slack refused ${method} (${code}).`,
        hint: 'On an Enterprise Grid install set SLACK_TEAM_ID to the workspace ID.'
      };
    default:
      return { message: `Slack refused ${method} (${safeCode(code)}).` };
  }
}

// An error code from the wire is short snake_case; anything else is not echoed.
function safeCode(code: string): string {
  return /^[a-z0-9_.]{1,60}$/.test(code) ? code : 'unknown_error';
}
