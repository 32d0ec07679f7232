import { describe, expect, it } from 'vitest';
import { NetworkRefusal, NetworkRules } from '../src/browser/network-policy.js';
import { parseOriginRule, ruleMatches, ruleNamesAddress } from '../src/browser/origins.js';

describe('origin rules', () => {
  it.each([
    ['https://app.example.com', { scheme: 'https', host: 'app.example.com', port: 443 }, true],
    ['https://app.example.com', { scheme: 'http', host: 'app.example.com', port: 80 }, false],
    ['https://app.example.com', { host: 'app.example.com', port: 443 }, true],
    ['http://127.0.0.1:8080', { scheme: 'http', host: '127.0.0.1', port: 8080 }, true],
    ['http://127.0.0.1:8080', { scheme: 'http', host: '127.0.0.1', port: 8081 }, false],
    ['127.1:8080', { scheme: 'http', host: '127.0.0.1', port: 8080 }, true],
    ['0x7f000001:8080', { scheme: 'http', host: '127.0.0.1', port: 8080 }, true],
    ['example.com', { scheme: 'https', host: 'example.com', port: 443 }, true],
    ['example.com', { scheme: 'http', host: 'example.com', port: 8080 }, false],
    ['example.com', { scheme: 'https', host: 'EXAMPLE.com.', port: 443 }, true],
    ['*.example.com', { scheme: 'https', host: 'a.b.example.com', port: 443 }, true],
    ['*.example.com', { scheme: 'https', host: 'evil-example.com', port: 443 }, false],
    ['*.example.com', { scheme: 'https', host: 'example.com.evil.test', port: 443 }, false],
    ['http://[::1]:3000', { scheme: 'http', host: '[::1]', port: 3000 }, true]
  ] as const)('%s vs %o -> %s', (rule, destination, expected) => {
    expect(ruleMatches(parseOriginRule(rule), destination)).toBe(expected);
  });

  it.each(['http://a.com/path', 'ftp://a.com', 'a.com:99999', '', 'http://a b.com', 'javascript:alert(1)'])(
    'rejects %j with a message saying the accepted forms',
    (text) => {
      expect(() => parseOriginRule(text)).toThrow(/origin|port|host/);
    }
  );

  it('an IP rule names the address in its mapped IPv6 form too', () => {
    const rule = parseOriginRule('10.0.0.5');
    expect(ruleNamesAddress(rule, '10.0.0.5')).toBe(true);
    expect(ruleNamesAddress(rule, '::ffff:10.0.0.5')).toBe(true);
    expect(ruleNamesAddress(rule, '10.0.0.6')).toBe(false);
    const withPort = parseOriginRule('http://10.0.0.5:8080');
    expect(ruleNamesAddress(withPort, '10.0.0.5', { scheme: 'http', host: 'a.test', port: 8080 })).toBe(true);
    expect(ruleNamesAddress(withPort, '10.0.0.5', { scheme: 'http', host: 'a.test', port: 80 })).toBe(false);
  });
});

describe('NetworkRules', () => {
  const resolve = async (host: string) => [
    { address: host === 'to-blocked.test' ? '10.0.0.5' : '127.0.0.1', family: 4 }
  ];

  it('blocks by name, and an IP block holds for a name resolving there', async () => {
    const rules = new NetworkRules({
      blockedOrigins: ['tracker.test', '10.0.0.5'],
      allowedOrigins: ['*.test'],
      resolve
    });
    expect(() => rules.decide({ scheme: 'https', host: 'tracker.test', port: 443 })).toThrow(
      /blocked by the operator's rule "tracker.test"/
    );
    await expect(rules.check({ scheme: 'https', host: 'to-blocked.test', port: 443 })).rejects.toThrow(
      /resolves to 10.0.0.5, which the operator blocked/
    );
  });

  it('a trailing dot does not slip past a block', () => {
    const rules = new NetworkRules({ blockedOrigins: ['tracker.test'] });
    expect(() => rules.decide({ scheme: 'https', host: 'tracker.test.', port: 443 })).toThrow(NetworkRefusal);
  });

  it('with allowed origins nothing else loads; listed ones may be loopback', async () => {
    const rules = new NetworkRules({ allowedOrigins: ['http://127.0.0.1:3000'], resolve });
    await expect(rules.check({ scheme: 'http', host: '127.0.0.1', port: 3000 })).resolves.toMatchObject({
      hostname: '127.0.0.1'
    });
    await expect(rules.check({ scheme: 'http', host: 'localhost', port: 3000 })).rejects.toThrow(
      /not in the operator's allowed origins/
    );
  });
});
