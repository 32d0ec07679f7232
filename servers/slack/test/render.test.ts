import { describe, expect, it } from 'vitest';
import { parseSpelling, renderMrkdwn } from '../src/slack/directory.js';
import { findMassMention } from '../src/slack/policy.js';

const names = {
  user: (id: string) => ({ UALICE: 'alice', UBOB: 'bobby' })[id],
  channel: (id: string) => ({ C0RANDOM: 'random' })[id]
};

describe('renderMrkdwn', () => {
  it('renders user, channel, special and link tokens as a reader sees them', () => {
    expect(renderMrkdwn('hi <@UALICE> and <@UBOB|bob>', names)).toBe('hi @alice and @bobby');
    expect(renderMrkdwn('<@UNKNOWN>', names)).toBe('@UNKNOWN');
    expect(renderMrkdwn('see <#C1|x> and <#C0RANDOM>', names)).toBe('see #x and #random');
    expect(renderMrkdwn('<!here> <!channel> <!subteam^S1|@devs> <!subteam^S2>', names)).toBe('@here @channel @devs @S2');
    expect(renderMrkdwn('<https://a.test/x|the docs> <https://b.test>', names)).toBe('the docs (https://a.test/x) https://b.test');
    expect(renderMrkdwn('<mailto:a@b.test|a@b.test>', names)).toBe('a@b.test');
    expect(renderMrkdwn('<!date^1392734382^{date}|Feb 18>', names)).toBe('Feb 18');
    expect(renderMrkdwn('a &lt;b&gt; &amp; c', names)).toBe('a <b> & c');
  });

  it('is linear on hostile input', () => {
    const hostile = '<'.repeat(50_000) + '@U'.repeat(50_000);
    const started = performance.now();
    renderMrkdwn(hostile, names);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('parseSpelling', () => {
  it.each([
    ['C0GENERAL', { kind: 'channelId', id: 'C0GENERAL' }],
    ['<#C0GENERAL|general>', { kind: 'channelId', id: 'C0GENERAL' }],
    ['<#C0GENERAL>', { kind: 'channelId', id: 'C0GENERAL' }],
    ['https://acme.slack.com/archives/C0GENERAL/p1700000000000100', { kind: 'channelId', id: 'C0GENERAL' }],
    ['#General', { kind: 'channelName', name: 'general' }],
    ['general', { kind: 'channelName', name: 'general' }],
    ['UALICE', { kind: 'userId', id: 'UALICE' }],
    ['<@UALICE>', { kind: 'userId', id: 'UALICE' }],
    ['@alice', { kind: 'userName', name: 'alice' }],
    ['alice@acme.test', { kind: 'email', email: 'alice@acme.test' }],
    ['D0ALICE', { kind: 'channelId', id: 'D0ALICE' }],
    ['', { kind: 'invalid' }],
    ['general, secret', { kind: 'invalid' }],
    ['x'.repeat(201), { kind: 'invalid' }]
  ])('%s', (raw, expected) => {
    expect(parseSpelling(raw)).toEqual(expected);
  });
});

describe('findMassMention', () => {
  it.each(['<!channel>', '<!here>', '<!everyone>', '<!here|here>', '<!subteam^S123|@devs>', 'hey @here', '@channel now', 'ping @Everyone'])(
    'finds %s',
    (text) => expect(findMassMention(text)).toBeDefined()
  );
  it.each(['hello team', 'mail me at here@acme.test', '<@UALICE>', 'the channel is #general', 'x@channel'])('ignores %s', (text) =>
    expect(findMassMention(text)).toBeUndefined()
  );
});
