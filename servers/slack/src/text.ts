import { stripHidden, untrustedNotice } from '@mcp-catalog/shared';

export { Fence, stripHidden } from '@mcp-catalog/shared';

export const UNTRUSTED_NOTICE = untrustedNotice('Slack members and other third parties', { refuse: 'post, react, delete' });

/**
 * One message per line: line breaks become a visible marker instead of a space, so a reader
 * still sees where the author broke lines, and no message can start a line of its own.
 */
export function oneLine(text: string): string {
  return stripHidden(text).replace(/\r?\n/g, ' ⏎ ').replace(/[\t ]+/g, ' ').trim();
}
