import type { CDPSession, Protocol } from 'puppeteer-core';

/** Roles a model acts on: they get a ref. */
const INTERACTIVE = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'checkbox',
  'radio',
  'combobox',
  'listbox',
  'option',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'slider',
  'spinbutton',
  'switch',
  'treeitem',
  'textarea',
  'Iframe',
  'iframe',
  'gridcell',
  'columnheader',
  'ComboBoxMenuButton',
  'PopUpButton',
  'DisclosureTriangle'
]);

/** Wrappers that add nothing a model reads: their children take their place. */
const TRANSPARENT = new Set([
  'generic',
  'MenuListPopup',
  // Bullets and numbers of list items: the list structure already says it.
  'ListMarker',
  'none',
  'presentation',
  'InlineTextBox',
  'LineBreak',
  'LayoutTableCell',
  'ignored',
  'GenericContainer'
]);

const ROLE_ALIASES: Record<string, string> = {
  paragraph: 'p',
  listitem: 'li',
  StaticText: 'text',
  RootWebArea: 'document',
  Iframe: 'iframe',
  image: 'img',
  textbox: 'textbox',
  LabelText: 'label',
  ComboBoxMenuButton: 'combobox',
  PopUpButton: 'combobox',
  DisclosureTriangle: 'button'
};

const BOOLEAN_PROPERTIES = [
  'checked',
  'pressed',
  'selected',
  'expanded',
  'disabled',
  'required',
  'readonly',
  'invalid',
  'focused',
  'modal'
];

export type HiddenReason = 'offscreen' | 'tiny' | 'transparent' | 'zero-font';

export interface SnapshotNode {
  role: string;
  name: string;
  ref?: string;
  backendNodeId?: number;
  /** Short state flags: checked, disabled, expanded=false, level … */
  props: string[];
  value?: string;
  url?: string;
  hidden?: HiddenReason;
  children: SnapshotNode[];
}

export interface RefEntry {
  ref: string;
  backendNodeId: number;
  role: string;
  name: string;
  /** The last snapshot this element was in. */
  snapshot: number;
}

/**
 * Hands out refs: one per DOM node for as long as the document lives, never reused, so a ref can
 * only ever point at the element it was given for. A new document (navigation) starts a new epoch.
 */
export class RefRegistry {
  private next = 1;
  private byNode = new Map<number, RefEntry>();
  private readonly byRef = new Map<string, RefEntry & { epoch: number }>();
  private epoch = 0;
  /** Snapshot number each epoch started at (for the "from before the navigation" message). */
  private readonly epochStartedAt = new Map<number, number>();

  refFor(backendNodeId: number, role: string, name: string, snapshot: number): string {
    let entry = this.byNode.get(backendNodeId);
    if (!entry) {
      entry = { ref: `e${this.next++}`, backendNodeId, role, name, snapshot };
      this.byNode.set(backendNodeId, entry);
      this.byRef.set(entry.ref, { ...entry, epoch: this.epoch });
      if (this.byRef.size > 200_000) this.byRef.delete(this.byRef.keys().next().value!);
    }
    entry.snapshot = snapshot;
    entry.role = role;
    entry.name = name;
    const stored = this.byRef.get(entry.ref);
    if (stored) stored.snapshot = snapshot;
    return entry.ref;
  }

  /** Call when the main frame starts a new document: old refs stay known (to explain) but resolve no more. */
  newDocument(snapshot: number): void {
    this.epoch++;
    this.epochStartedAt.set(this.epoch, snapshot);
    this.byNode = new Map();
  }

  lookup(ref: string): (RefEntry & { current: boolean }) | undefined {
    const entry = this.byRef.get(ref);
    if (!entry) return undefined;
    return { ...entry, current: entry.epoch === this.epoch };
  }
}

interface Layout {
  hidden: Map<number, HiddenReason>;
}

const STYLE_NAMES = ['opacity', 'font-size'];

/** Which nodes a sighted user cannot see, by backendNodeId, from one DOMSnapshot of all frames. */
async function captureLayout(cdp: CDPSession): Promise<Layout> {
  const hidden = new Map<number, HiddenReason>();
  const snapshot = await cdp.send('DOMSnapshot.captureSnapshot', { computedStyles: STYLE_NAMES });
  const strings = snapshot.strings;
  for (const doc of snapshot.documents) {
    const parents = doc.nodes.parentIndex ?? [];
    const backend = doc.nodes.backendNodeId ?? [];
    const own = new Map<number, HiddenReason>();
    const { nodeIndex, bounds, styles } = doc.layout;
    for (let i = 0; i < nodeIndex.length; i++) {
      const index = nodeIndex[i]!;
      const [x = 0, y = 0, width = 0, height = 0] = bounds[i] ?? [];
      const style = styles[i] ?? [];
      const opacity = style[0] !== undefined && style[0] >= 0 ? strings[style[0]] : undefined;
      const fontSize = style[1] !== undefined && style[1] >= 0 ? strings[style[1]] : undefined;
      if (opacity === '0') own.set(index, 'transparent');
      else if (fontSize === '0px') own.set(index, 'zero-font');
      else if (x + width <= 0 || y + height <= 0) own.set(index, 'offscreen');
      else if (width <= 1 && height <= 1 && (width > 0 || height > 0)) own.set(index, 'tiny');
    }
    // Opacity and position hide whole subtrees: inherit the nearest ancestor's reason.
    const memo = new Map<number, HiddenReason | null>();
    const reasonOf = (index: number): HiddenReason | null => {
      const chain: number[] = [];
      let current = index;
      let found: HiddenReason | null = null;
      while (current >= 0) {
        const known = memo.get(current);
        if (known !== undefined) {
          found = known;
          break;
        }
        const mine = own.get(current);
        chain.push(current);
        if (mine) {
          found = mine;
          break;
        }
        current = parents[current] ?? -1;
      }
      for (const index of chain) memo.set(index, found);
      return found;
    };
    for (let index = 0; index < backend.length; index++) {
      const reason = reasonOf(index);
      if (reason) hidden.set(backend[index]!, reason);
    }
  }
  return { hidden };
}

function propertyValue(node: Protocol.Accessibility.AXNode, name: string): unknown {
  return node.properties?.find((p) => p.name === name)?.value?.value;
}

function clean(text: unknown, max = 300): string {
  const value = String(text ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped from page text
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

export interface CaptureOptions {
  snapshot: number;
  refs: RefRegistry;
  /** Frame documents (same-process iframes) are fetched per frame and hung under their owner. */
  maxNodes?: number;
}

export interface CapturedTree {
  root: SnapshotNode;
  nodeCount: number;
  truncatedNodes: boolean;
}

/** Reads the accessibility tree of the page and its same-process frames into a compact model. */
export async function captureTree(cdp: CDPSession, options: CaptureOptions): Promise<CapturedTree> {
  const maxNodes = options.maxNodes ?? 50_000;
  const [{ nodes }, layout, frameTree] = await Promise.all([
    cdp.send('Accessibility.getFullAXTree', {}),
    captureLayout(cdp).catch(() => ({ hidden: new Map<number, HiddenReason>() })),
    cdp.send('Page.getFrameTree')
  ]);
  // Child frames: their owner element's backendNodeId -> that frame's AX nodes.
  const frames = new Map<number, Protocol.Accessibility.AXNode[]>();
  const children = frameTree.frameTree.childFrames ?? [];
  const queue = [...children];
  while (queue.length && frames.size < 50) {
    const child = queue.shift()!;
    queue.push(...(child.childFrames ?? []));
    try {
      const [{ backendNodeId }, tree] = await Promise.all([
        cdp.send('DOM.getFrameOwner', { frameId: child.frame.id }),
        cdp.send('Accessibility.getFullAXTree', { frameId: child.frame.id })
      ]);
      frames.set(backendNodeId, tree.nodes);
    } catch {
      // Out-of-process frames are another target; they show as an iframe without content.
    }
  }
  let count = 0;
  let truncated = false;

  const build = (axNodes: Protocol.Accessibility.AXNode[]): SnapshotNode[] => {
    const byId = new Map(axNodes.map((n) => [n.nodeId, n]));
    const visit = (node: Protocol.Accessibility.AXNode, inSelect = false): SnapshotNode[] => {
      if (count >= maxNodes) {
        truncated = true;
        return [];
      }
      const kids = (): SnapshotNode[] => {
        const out: SnapshotNode[] = [];
        for (const id of node.childIds ?? []) {
          const child = byId.get(id);
          if (child) out.push(...visit(child, inSelect || role === 'combobox' || role === 'MenuListPopup'));
        }
        const frame = node.backendDOMNodeId !== undefined ? frames.get(node.backendDOMNodeId) : undefined;
        if (frame) {
          frames.delete(node.backendDOMNodeId!);
          out.push(...build(frame));
        }
        return out;
      };
      const role = String(node.role?.value ?? '');
      const name = clean(node.name?.value);
      // An unnamed label only repeats its control's name: its control stands for it.
      if (
        node.ignored ||
        TRANSPARENT.has(role) ||
        (role === 'LabelText' && !name) ||
        (role === 'RootWebArea' && axNodes[0] !== node)
      ) {
        return kids();
      }
      if (role === 'RootWebArea') return kids();
      count++;
      const result: SnapshotNode = { role: ROLE_ALIASES[role] ?? role, name, props: [], children: [] };
      if (node.backendDOMNodeId !== undefined) {
        result.backendNodeId = node.backendDOMNodeId;
        const reason = layout.hidden.get(node.backendDOMNodeId);
        if (reason) result.hidden = reason;
      }
      if (role === 'StaticText') return name ? [result] : [];
      const focusable = propertyValue(node, 'focusable') === true;
      // Options of a native <select> are chosen with select_option by value or label, not by ref.
      if (
        (INTERACTIVE.has(role) || focusable) &&
        node.backendDOMNodeId !== undefined &&
        !(inSelect && role === 'option')
      ) {
        result.ref = options.refs.refFor(node.backendDOMNodeId, result.role, name, options.snapshot);
      }
      const level = propertyValue(node, 'level');
      if (role === 'heading' && typeof level === 'number') result.role = `h${level}`;
      for (const prop of BOOLEAN_PROPERTIES) {
        const value = propertyValue(node, prop);
        if (value === true || value === 'true') result.props.push(prop);
        else if (value === 'mixed') result.props.push(`${prop}=mixed`);
        else if (prop === 'expanded' && value === false) result.props.push('collapsed');
        else if (
          (prop === 'checked' || prop === 'pressed') &&
          (value === false || value === 'false') &&
          INTERACTIVE.has(role)
        )
          result.props.push(`un${prop}`);
      }
      const value = node.value?.value;
      if (value !== undefined && value !== '' && String(value) !== name) result.value = clean(value, 200);
      const url = propertyValue(node, 'url');
      if (role === 'link' && typeof url === 'string') result.url = url.slice(0, 200);
      result.children = dropLabelEchoes(kids());
      // A node whose name is exactly its text children says it once.
      if (result.children.length && result.children.every((c) => c.role === 'text' && !c.hidden)) {
        const text = clean(result.children.map((c) => c.name).join(' '));
        if (text === name || !name) {
          if (!name) result.name = text;
          result.children = [];
        }
      }
      return [result];
    };
    const root = axNodes[0];
    return root ? visit(root) : [];
  };

  const top = dropLabelEchoes(build(nodes));
  return {
    root: { role: 'document', name: '', props: [], children: top },
    nodeCount: count,
    truncatedNodes: truncated
  };
}

/** Text that only repeats the name of a control next to it (its label) is said once, by the control. */
function dropLabelEchoes(children: SnapshotNode[]): SnapshotNode[] {
  const controls = new Set(children.filter((c) => c.ref && c.name).map((c) => c.name));
  if (controls.size === 0) return children;
  return children.filter((c) => !(c.role === 'text' && !c.hidden && controls.has(c.name)));
}

export interface RenderOptions {
  /** Keep only what can be acted on (and headings, for orientation). */
  interactiveOnly?: boolean;
  /** Levels below the start shown (default unlimited). */
  maxDepth?: number;
  /** Hidden text: dropped (default) or kept with a [hidden: why] flag. */
  hidden?: 'drop' | 'flag';
  /** Page origin: same-origin link URLs are shortened to their path. */
  origin?: string;
}

export interface RenderedSnapshot {
  lines: string[];
  hiddenDropped: number;
  depthCut: number;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function lineOf(node: SnapshotNode, indent: number, options: RenderOptions): string {
  let line = ' '.repeat(indent);
  // A paragraph that is only text reads as that text.
  if (
    node.role === 'text' ||
    (node.role === 'p' && node.name && !node.ref && node.children.length === 0 && node.props.length === 0)
  )
    line += quote(node.name);
  else {
    line += node.role;
    if (node.name) line += ` ${quote(node.name)}`;
  }
  if (node.ref) line += ` [${node.ref}]`;
  for (const prop of node.props) line += ` ${prop}`;
  if (node.value !== undefined) line += ` =${quote(node.value)}`;
  if (node.url) {
    let url = node.url;
    if (options.origin && url.startsWith(`${options.origin}/`)) url = url.slice(options.origin.length);
    line += ` ->${url}`;
  }
  if (node.hidden) line += ` [hidden:${node.hidden}]`;
  return line;
}

/** Compact, indented text: one line per node, one space per level. */
export function renderTree(root: SnapshotNode, options: RenderOptions = {}): RenderedSnapshot {
  const lines: string[] = [];
  let hiddenDropped = 0;
  let depthCut = 0;
  const walk = (node: SnapshotNode, depth: number) => {
    if (node.hidden && (options.hidden ?? 'drop') === 'drop') {
      hiddenDropped++;
      return;
    }
    const keep = !options.interactiveOnly || node.ref !== undefined || /^h\d$/.test(node.role);
    let childDepth = depth;
    if (keep) {
      if (options.maxDepth !== undefined && depth > options.maxDepth) {
        depthCut++;
        return;
      }
      lines.push(lineOf(node, depth, options));
      childDepth = depth + 1;
    }
    for (const child of node.children) walk(child, childDepth);
  };
  for (const child of root.children) walk(child, 0);
  return { lines, hiddenDropped, depthCut };
}

/** The node with a ref, for a subtree snapshot. */
export function findRef(root: SnapshotNode, ref: string): SnapshotNode | undefined {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.ref === ref) return node;
    stack.push(...node.children);
  }
  return undefined;
}

/** All refs present in a tree. */
export function refsIn(root: SnapshotNode): Set<string> {
  const refs = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.ref) refs.add(node.ref);
    stack.push(...node.children);
  }
  return refs;
}

export interface Page {
  lines: string[];
  nextIndex?: number;
  bytes: number;
}

/** Lines from `start` until the byte budget is used (always at least one line, cut if huge). */
export function pageLines(lines: readonly string[], start: number, maxBytes: number): Page {
  const out: string[] = [];
  let bytes = 0;
  let index = start;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > maxBytes) {
      if (out.length === 0) {
        out.push(`${line.slice(0, Math.max(0, maxBytes - 2))}…`);
        bytes = maxBytes;
        index++;
      }
      break;
    }
    out.push(line);
    bytes += size;
  }
  return { lines: out, bytes, ...(index < lines.length ? { nextIndex: index } : {}) };
}

export interface SnapshotDiff {
  added: string[];
  removed: string[];
  /** Elements (same ref) whose line changed: their new line. */
  changed: string[];
  /** Changes left out of the lists. */
  more: number;
}

const REF = /\[(e\d+)\]/;

/**
 * What changed between two renderings, as lines gone, lines new, and elements whose state changed
 * (same ref, new line); order kept, indentation dropped.
 */
export function diffLines(before: readonly string[], after: readonly string[], maxLines = 30): SnapshotDiff {
  const count = (lines: readonly string[]) => {
    const map = new Map<string, number>();
    for (const line of lines) {
      const key = line.trim();
      map.set(key, (map.get(key) ?? 0) + 1);
    }
    return map;
  };
  const pick = (lines: readonly string[], other: Map<string, number>) => {
    const seen = new Map<string, number>();
    const out: string[] = [];
    for (const line of lines) {
      const key = line.trim();
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > (other.get(key) ?? 0)) out.push(key);
    }
    return out;
  };
  let added = pick(after, count(before));
  let removed = pick(before, count(after));
  const removedRefs = new Set(removed.map((line) => REF.exec(line)?.[1]).filter(Boolean));
  const changedRefs = new Set(added.map((line) => REF.exec(line)?.[1]).filter((ref) => ref && removedRefs.has(ref)));
  const changed = added.filter((line) => changedRefs.has(REF.exec(line)?.[1]));
  added = added.filter((line) => !changedRefs.has(REF.exec(line)?.[1]));
  removed = removed.filter((line) => !changedRefs.has(REF.exec(line)?.[1]));
  const lists = [changed, added, removed];
  const kept = lists.map(() => 0);
  // Share the budget round-robin so no kind of change crowds out the others.
  for (let budget = maxLines, progressed = true; budget > 0 && progressed;) {
    progressed = false;
    for (let i = 0; i < lists.length && budget > 0; i++) {
      if (kept[i]! < lists[i]!.length) {
        kept[i]!++;
        budget--;
        progressed = true;
      }
    }
  }
  const total = changed.length + added.length + removed.length;
  return {
    changed: changed.slice(0, kept[0]),
    added: added.slice(0, kept[1]),
    removed: removed.slice(0, kept[2]),
    more: total - kept[0]! - kept[1]! - kept[2]!
  };
}
