import { describe, expect, it } from 'vitest';
import { diffLines, pageLines, RefRegistry, renderTree, type SnapshotNode } from '../src/browser/snapshot.js';
import { candidateExecutables, ExecutableNotFoundError, findExecutable } from '../src/browser/executable.js';
import { chromiumArgs } from '../src/browser/launch.js';

const node = (role: string, name: string, extra: Partial<SnapshotNode> = {}): SnapshotNode => ({
  role,
  name,
  props: [],
  children: [],
  ...extra
});

describe('renderTree', () => {
  const tree = node('document', '', {
    children: [
      node('h1', 'Title'),
      node('list', '', {
        children: [node('li', '', { children: [node('link', 'Home', { ref: 'e1', url: 'https://a.test/home' })] })]
      }),
      node('text', 'secret', { hidden: 'offscreen' }),
      node('textbox', 'Say "hi"', { ref: 'e2', value: 'x\\y', props: ['required'] })
    ]
  });

  it('writes one compact line per node with refs, shortening same-origin links', () => {
    expect(renderTree(tree, { origin: 'https://a.test' }).lines).toEqual([
      'h1 "Title"',
      'list',
      ' li',
      '  link "Home" [e1] ->/home',
      'textbox "Say \\"hi\\"" [e2] required ="x\\\\y"'
    ]);
  });

  it('drops or flags hidden text, cuts depth and keeps only interactive lines on request', () => {
    expect(renderTree(tree).hiddenDropped).toBe(1);
    expect(renderTree(tree, { hidden: 'flag' }).lines).toContain('"secret" [hidden:offscreen]');
    expect(renderTree(tree, { maxDepth: 0 }).lines).toEqual([
      'h1 "Title"',
      'list',
      'textbox "Say \\"hi\\"" [e2] required ="x\\\\y"'
    ]);
    expect(renderTree(tree, { interactiveOnly: true }).lines).toEqual([
      'h1 "Title"',
      'link "Home" [e1] ->https://a.test/home',
      'textbox "Say \\"hi\\"" [e2] required ="x\\\\y"'
    ]);
  });
});

describe('pageLines', () => {
  it('fills the budget, points at the next line, and cuts a single huge line', () => {
    const lines = ['aaaa', 'bbbb', 'cccc'];
    expect(pageLines(lines, 0, 10)).toEqual({ lines: ['aaaa', 'bbbb'], bytes: 10, nextIndex: 2 });
    expect(pageLines(lines, 2, 10)).toEqual({ lines: ['cccc'], bytes: 5 });
    const huge = pageLines(['x'.repeat(100)], 0, 10);
    expect(huge.lines[0]!.length).toBeLessThanOrEqual(10);
    expect(huge.nextIndex).toBeUndefined();
  });
});

describe('diffLines', () => {
  it('reports lines gone and new, ignoring indentation, bounded', () => {
    expect(diffLines(['a', ' b', 'c'], ['a', 'c', '  d'])).toEqual({
      added: ['d'],
      removed: ['b'],
      changed: [],
      more: 0
    });
    expect(diffLines(['button "Go" [e2]', 'p "x"'], ['button "Go" [e2] focused', 'p "y"'])).toEqual({
      changed: ['button "Go" [e2] focused'],
      added: ['p "y"'],
      removed: ['p "x"'],
      more: 0
    });
    const big = diffLines(
      [],
      Array.from({ length: 100 }, (_, i) => `line ${i}`),
      10
    );
    expect(big.added).toHaveLength(10);
    expect(big.more).toBe(90);
  });
});

describe('RefRegistry', () => {
  it('keeps one ref per node for the document and never reuses one after a navigation', () => {
    const refs = new RefRegistry();
    const first = refs.refFor(10, 'button', 'Go', 1);
    expect(refs.refFor(10, 'button', 'Go', 2)).toBe(first);
    refs.newDocument(2);
    const second = refs.refFor(10, 'button', 'Go', 3);
    expect(second).not.toBe(first);
    expect(refs.lookup(first)).toMatchObject({ current: false, snapshot: 2 });
    expect(refs.lookup(second)).toMatchObject({ current: true, snapshot: 3 });
  });
});

describe('launch', () => {
  it('routes everything through the proxy: loopback not bypassed, QUIC off, WebRTC only proxied', () => {
    const args = chromiumArgs({ proxyPort: 4242, noSandbox: false, viewport: { width: 800, height: 600 } });
    expect(args).toContain('--proxy-server=http://127.0.0.1:4242');
    expect(args).toContain('--proxy-bypass-list=<-loopback>');
    expect(args).toContain('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1');
    expect(args).toContain('--disable-quic');
    expect(args).toContain('--force-webrtc-ip-handling-policy=disable_non_proxied_udp');
    expect(args).not.toContain('--no-sandbox');
    expect(chromiumArgs({ proxyPort: 1, noSandbox: true, viewport: { width: 1, height: 1 } })).toContain(
      '--no-sandbox'
    );
  });

  it("stops Chromium's own background requests (update, safe-browsing, variations) at the source", () => {
    const args = chromiumArgs({ proxyPort: 1, noSandbox: false, viewport: { width: 1, height: 1 } });
    for (const flag of [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-client-side-phishing-detection',
      '--safebrowsing-disable-auto-update',
      '--disable-field-trial-config',
      '--disable-sync',
      '--disable-domain-reliability',
      '--no-pings'
    ])
      expect(args).toContain(flag);
    const features =
      args
        .find((arg) => arg.startsWith('--disable-features='))
        ?.split('=')[1]
        ?.split(',') ?? [];
    expect(features).toEqual(expect.arrayContaining(['OptimizationGuideModelDownloading', 'OptimizationHints']));
  });

  it('names every place it looked when no browser is found', () => {
    expect(candidateExecutables('linux')).toContain('/usr/bin/chromium');
    expect(candidateExecutables('darwin', { HOME: '/Users/a' })).toContain(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    );
    expect(candidateExecutables('win32', { PROGRAMFILES: 'C:\\Program Files' })).toContain(
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'
    );
    expect(() => findExecutable('/nonexistent/chrome', {})).toThrow(ExecutableNotFoundError);
    expect(() => findExecutable(undefined, {}, 'darwin')).toThrow(/Looked in: \/Applications\/Chromium.app/);
  });
});
