import type { Protocol } from 'puppeteer-core';
import { BrowserError } from './errors.js';
import type { TrackedPage } from './page-state.js';
import {
  captureTree,
  diffLines,
  findRef,
  pageLines,
  renderTree,
  type RenderOptions,
  type SnapshotDiff
} from './snapshot.js';

export interface ElementTarget {
  ref?: string;
  selector?: string;
}

export interface ResolvedElement {
  backendNodeId: number;
  label: string;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Finds the element a ref or CSS selector names; a selector is retried until `timeoutMs`. */
export async function resolveElement(
  tracked: TrackedPage,
  target: ElementTarget,
  timeoutMs: number
): Promise<ResolvedElement> {
  if (target.ref) {
    const entry = tracked.refs.lookup(target.ref);
    if (!entry) {
      throw new BrowserError(
        `There is no ref ${target.ref} on page ${tracked.id}.`,
        'Refs come from take_snapshot (or an action result) of this page; take a snapshot and use a ref from it.'
      );
    }
    const at = tracked.snapshotNumber;
    if (!entry.current) {
      throw new BrowserError(
        `Ref ${target.ref} is from snapshot ${entry.snapshot}, before the page loaded a new document; the page is at snapshot ${at}.`,
        'Take a new snapshot and use a ref from it.'
      );
    }
    if (tracked.last && entry.snapshot !== tracked.last.number) {
      throw new BrowserError(
        `Ref ${target.ref} is from snapshot ${entry.snapshot}, the page is at snapshot ${at} and the element was not in it.`,
        'Take a new snapshot and use a ref from it.'
      );
    }
    return {
      backendNodeId: entry.backendNodeId,
      label: `${target.ref} (${entry.role}${entry.name ? ` "${entry.name.slice(0, 60)}"` : ''})`
    };
  }
  if (!target.selector) throw new BrowserError('Give either ref or selector.');
  const selector = target.selector;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let nodeId = 0;
    try {
      const { root } = await tracked.cdp.send('DOM.getDocument', { depth: 0 });
      ({ nodeId } = await tracked.cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector }));
    } catch (error) {
      if (/DOM Error|not a valid selector|SyntaxError/i.test(String((error as Error).message))) {
        throw new BrowserError(
          `"${selector.slice(0, 100)}" is not a valid CSS selector.`,
          'Use a CSS selector such as #id, .class or button[type=submit], or a ref.'
        );
      }
      // The document is being replaced; look again.
    }
    if (nodeId) {
      const { node } = await tracked.cdp.send('DOM.describeNode', { nodeId });
      return { backendNodeId: node.backendNodeId, label: `"${selector.slice(0, 100)}"` };
    }
    if (Date.now() >= deadline) {
      throw new BrowserError(
        `No element matches "${selector.slice(0, 100)}" within ${timeoutMs} ms.`,
        'Check the selector against take_snapshot, or wait_for the element first.'
      );
    }
    await delay(100);
  }
}

async function objectOf(tracked: TrackedPage, element: ResolvedElement): Promise<string> {
  const { object } = await tracked.cdp.send('DOM.resolveNode', { backendNodeId: element.backendNodeId });
  if (!object.objectId) throw new BrowserError(`${element.label} is no longer in the page.`, 'Take a new snapshot.');
  return object.objectId;
}

/** Calls `fn` with the element as `this`; runs in the page's world, so it only touches that element. */
export async function callOn<T>(
  tracked: TrackedPage,
  element: ResolvedElement,
  fn: string,
  args: unknown[] = []
): Promise<T> {
  const objectId = await objectOf(tracked, element);
  try {
    const result = await tracked.cdp.send('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: fn,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true
    });
    if (result.exceptionDetails) {
      const text = result.exceptionDetails.exception?.description ?? result.exceptionDetails.text;
      throw new BrowserError(
        String(text)
          .split('\n')[0]!
          .replace(/^Error: /, '')
          .slice(0, 300)
      );
    }
    return result.result.value as T;
  } finally {
    void tracked.cdp.send('Runtime.releaseObject', { objectId }).catch(() => {});
  }
}

/**
 * Scrolls the element into view and returns the middle of its visible box, checking that a click
 * there lands on it (not on an overlay); retried until `timeoutMs` while it moves or is covered.
 */
export async function pointOf(
  tracked: TrackedPage,
  element: ResolvedElement,
  timeoutMs: number
): Promise<{ x: number; y: number }> {
  const deadline = Date.now() + timeoutMs;
  let problem = 'has no visible box';
  for (;;) {
    try {
      await tracked.cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: element.backendNodeId });
      const { quads } = await tracked.cdp.send('DOM.getContentQuads', { backendNodeId: element.backendNodeId });
      const quad = quads.map(boxOf).find((box) => box.width >= 1 && box.height >= 1);
      if (quad) {
        const x = quad.x + quad.width / 2;
        const y = quad.y + quad.height / 2;
        const hit = await tracked.cdp
          .send('DOM.getNodeForLocation', { x: Math.round(x), y: Math.round(y), ignorePointerEventsNone: true })
          .catch(() => undefined);
        if (!hit || (await containsNode(tracked, element, hit.backendNodeId))) return { x, y };
        problem = `is covered by another element (${await describeBackend(tracked, hit.backendNodeId)})`;
      }
    } catch (error) {
      if (/No node|not found|detached/i.test(String((error as Error).message))) {
        throw new BrowserError(
          `${element.label} is no longer in the page.`,
          'Take a new snapshot and use a ref from it.'
        );
      }
      problem = 'could not be scrolled into view';
    }
    if (Date.now() >= deadline) {
      throw new BrowserError(
        `${element.label} ${problem}; gave up after ${timeoutMs} ms.`,
        'Close the overlay or dialog first, or wait_for the page to settle.'
      );
    }
    await delay(100);
  }
}

function boxOf(quad: number[]): { x: number; y: number; width: number; height: number } {
  const xs = [quad[0]!, quad[2]!, quad[4]!, quad[6]!];
  const ys = [quad[1]!, quad[3]!, quad[5]!, quad[7]!];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

async function containsNode(tracked: TrackedPage, element: ResolvedElement, other: number): Promise<boolean> {
  if (other === element.backendNodeId) return true;
  const { object } = await tracked.cdp.send('DOM.resolveNode', { backendNodeId: other });
  const own = await objectOf(tracked, element);
  try {
    // A label forwards the click to its control, so hitting the label counts as hitting the control.
    const result = await tracked.cdp.send('Runtime.callFunctionOn', {
      objectId: own,
      functionDeclaration:
        'function (hit) { return this === hit || this.contains(hit) || (hit.closest && hit.closest("label") && hit.closest("label").control === this); }',
      arguments: [{ objectId: object.objectId! }],
      returnByValue: true
    });
    return result.result.value === true;
  } finally {
    void tracked.cdp.send('Runtime.releaseObject', { objectId: own }).catch(() => {});
    if (object.objectId) void tracked.cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
  }
}

async function describeBackend(tracked: TrackedPage, backendNodeId: number): Promise<string> {
  try {
    const { node } = await tracked.cdp.send('DOM.describeNode', { backendNodeId });
    const attrs = node.attributes ?? [];
    const get = (name: string) => {
      const i = attrs.indexOf(name);
      return i >= 0 ? attrs[i + 1] : undefined;
    };
    const id = get('id');
    const cls = get('class')?.split(/\s+/)[0];
    return `<${node.localName}${id ? `#${id.slice(0, 40)}` : ''}${cls ? `.${cls.slice(0, 40)}` : ''}>`;
  } catch {
    return 'an element';
  }
}

export interface SnapshotRequest extends RenderOptions {
  maxBytes: number;
  /** Continue an earlier snapshot: "<snapshot>:<line>". */
  cursor?: string;
  /** Only the subtree under this ref. */
  ref?: string;
}

export interface SnapshotPage {
  snapshot: number;
  url: string;
  title: string;
  text: string;
  lineCount: number;
  shownFrom: number;
  shownLines: number;
  hiddenDropped: number;
  depthCut: number;
  nextCursor?: string;
  truncatedNodes: boolean;
}

/** Takes a new snapshot (or continues one with a cursor) and returns one page of it. */
export async function snapshotPage(tracked: TrackedPage, request: SnapshotRequest): Promise<SnapshotPage> {
  const key = JSON.stringify([
    request.interactiveOnly ?? false,
    request.maxDepth ?? null,
    request.hidden ?? 'drop',
    request.ref ?? null
  ]);
  let start = 0;
  let lines: string[];
  let hiddenDropped = 0;
  let depthCut = 0;
  let truncatedNodes = false;
  if (request.cursor) {
    const match = /^(\d+):(\d+)$/.exec(request.cursor);
    const last = tracked.last;
    if (!match)
      throw new BrowserError(
        'That cursor is not one this server gave out.',
        'Pass nextCursor from the previous result unchanged.'
      );
    if (!last || Number(match[1]) !== last.number) {
      throw new BrowserError(
        `The cursor is for snapshot ${match[1]}, the page is at snapshot ${tracked.snapshotNumber}.`,
        'Take a new snapshot (without cursor).'
      );
    }
    if (last.key !== key)
      throw new BrowserError(
        'Continue a snapshot with the same options it was taken with.',
        'Repeat the earlier options next to the cursor.'
      );
    start = Number(match[2]);
    lines = last.lines;
  } else {
    const fresh = await capture(tracked, request);
    lines = fresh.lines;
    hiddenDropped = fresh.hiddenDropped;
    depthCut = fresh.depthCut;
    truncatedNodes = fresh.truncatedNodes;
    tracked.last = { ...fresh.last, key };
  }
  const page = pageLines(lines, start, request.maxBytes);
  const number = tracked.last!.number;
  return {
    snapshot: number,
    url: tracked.page.url(),
    title: (await tracked.page.title().catch(() => '')).slice(0, 300),
    text: page.lines.join('\n'),
    lineCount: lines.length,
    shownFrom: start,
    shownLines: page.lines.length,
    hiddenDropped,
    depthCut,
    truncatedNodes,
    ...(page.nextIndex !== undefined ? { nextCursor: `${number}:${page.nextIndex}` } : {})
  };
}

/** A renderer stuck in a script (or a dialog opened meanwhile) never answers CDP; give up instead of hanging. */
function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BrowserError(
            `${what} got no answer within ${ms / 1000} s: a script on the page may be busy, or a dialog opened.`,
            'Check list_pages for a dialog, or navigate away.'
          )
        ),
      ms
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

const CAPTURE_TIMEOUT_MS = 30_000;

async function capture(tracked: TrackedPage, request: RenderOptions & { ref?: string }) {
  const number = ++tracked.snapshotNumber;
  const tree = await bounded(
    captureTree(tracked.cdp, { snapshot: number, refs: tracked.refs }),
    CAPTURE_TIMEOUT_MS,
    'Reading the page'
  );
  let root = tree.root;
  if (request.ref) {
    const sub = findRef(root, request.ref);
    if (!sub) {
      throw new BrowserError(
        `Ref ${request.ref} is not on the page any more (snapshot ${number}).`,
        'Take a snapshot without ref and pick one from it.'
      );
    }
    root = { role: 'document', name: '', props: [], children: [sub] };
  }
  let origin: string | undefined;
  try {
    origin = new URL(tracked.page.url()).origin;
  } catch {
    origin = undefined;
  }
  const rendered = renderTree(root, { ...request, ...(origin ? { origin } : {}) });
  return {
    ...rendered,
    truncatedNodes: tree.truncatedNodes,
    last: { number, url: tracked.page.url(), tree: tree.root, lines: rendered.lines }
  };
}

export interface ActionReport {
  url: string;
  navigated: boolean;
  snapshot: number;
  diff: SnapshotDiff;
  dialogs: string[];
  newPages: string[];
  refused: string[];
  notes: string[];
}

export interface ActionMark {
  url: string;
  networkSeq: number;
  lines: string[];
  pages: Set<string>;
}

export function markBefore(tracked: TrackedPage, pageIds: string[]): ActionMark {
  return {
    url: tracked.page.url(),
    networkSeq: tracked.network.total,
    lines: tracked.last?.lines ?? [],
    pages: new Set(pageIds)
  };
}

/**
 * After an action: waits for a navigation it started (bounded), then reports what changed instead
 * of a whole snapshot — URL, dialogs, new pages, refused requests and a short snapshot diff.
 */
export async function reportAfter(
  tracked: TrackedPage,
  mark: ActionMark,
  pageIds: () => string[],
  options: { timeoutMs: number; settleMs?: number }
): Promise<ActionReport> {
  const navigation = tracked.page
    .waitForNavigation({ timeout: options.timeoutMs, waitUntil: 'load' })
    .catch(() => null);
  let started = false;
  const onRequest = (request: { isNavigationRequest(): boolean; frame(): unknown }) => {
    if (request.isNavigationRequest() && request.frame() === tracked.page.mainFrame()) started = true;
  };
  tracked.page.on('request', onRequest);
  await delay(options.settleMs ?? 250);
  if (started && !tracked.dialog) await navigation;
  tracked.page.off('request', onRequest);
  const notes = [...tracked.guardEvents];
  tracked.guardEvents = [];
  const dialogs = [...tracked.dialogEvents];
  tracked.dialogEvents = [];
  const url = tracked.page.url();
  let snapshot = tracked.snapshotNumber;
  let diff: SnapshotDiff = { added: [], removed: [], changed: [], more: 0 };
  if (!tracked.dialog) {
    try {
      const fresh = await capture(tracked, {});
      tracked.last = { ...fresh.last, key: JSON.stringify([false, null, 'drop', null]) };
      snapshot = fresh.last.number;
      diff = diffLines(mark.lines, fresh.lines);
    } catch {
      notes.push('the page changed while it was read; take_snapshot to see it');
    }
  } else notes.push(`a ${tracked.dialog.type} dialog is open; answer it with handle_dialog`);
  const refused = tracked.refusedSince(mark.networkSeq).map((entry) => `${entry.url.slice(0, 200)}: ${entry.refused}`);
  return {
    url,
    navigated: url !== mark.url,
    snapshot,
    diff,
    dialogs,
    newPages: pageIds().filter((id) => !mark.pages.has(id)),
    refused,
    notes
  };
}

export type { Protocol };
