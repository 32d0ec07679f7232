import { createHash } from 'node:crypto';
import type { ElicitOutcome, FormElicitation } from '@mcp-catalog/shared';
import { DeclinedError } from './slack/posting.js';
import { PolicyError, type Target } from './slack/policy.js';
import { oneLine } from './text.js';
import type { Config } from './settings.js';

type Elicit = (key: string, params: FormElicitation) => Promise<ElicitOutcome>;

/**
 * The person (not the model) approves each write when the client can show a form. The key is
 * derived from exactly what is shown, so an approval covers only that text and destination.
 * When the client cannot ask, `--confirm ask` lets the configured policy decide and
 * `--confirm require` refuses.
 */
export function confirmer(config: Config, elicit: Elicit | undefined, text?: string) {
  if (config.confirm === 'off') return undefined;
  return async (target: Target, action: string): Promise<void> => {
    const where = target.kind === 'dm' ? `a direct message (${target.channelId})` : `channel ${target.channelId}`;
    const message = `Slack ${action} to ${where}${text === undefined ? '' : `:\n\n${oneLine(text).slice(0, 2_000)}`}`;
    const key = `slack_confirm_${createHash('sha256').update(message).digest('base64url').slice(0, 22)}`;
    const answer = elicit
      ? await elicit(key, {
          message,
          requestedSchema: {
            type: 'object',
            properties: { approve: { type: 'boolean', title: 'Send it', description: 'Tick to approve; anything else cancels.', default: false } },
            required: ['approve']
          }
        })
      : { action: 'unavailable' as const };
    if (answer.action === 'unavailable') {
      if (config.confirm === 'require') {
        throw new PolicyError('This server requires the person to confirm each write, and this client cannot ask.', 'Use a client that supports elicitation.');
      }
      return;
    }
    if (answer.action === 'accept' && answer.content?.approve === true) return;
    throw new DeclinedError(answer.action === 'accept' ? 'not ticked' : answer.action);
  };
}
