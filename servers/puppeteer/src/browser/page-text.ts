import { BrowserError } from './errors.js';
import type { TrackedPage } from './page-state.js';

/**
 * Turns the visible part of the page (or of the first element matching a selector) into Markdown:
 * headings, paragraphs, lists, links, code, tables, images' alt text. Runs in an isolated world so
 * the page's own scripts cannot change what the extractor sees or does; hidden elements are skipped.
 */
const EXTRACT = `(function (selector, withLinks) {
  const root = selector ? document.querySelector(selector) : document.body;
  if (!root) return null;
  const out = [];
  let line = '';
  const flush = () => { const t = line.replace(/[ \\t]+/g, ' ').trim(); if (t) out.push(t); line = ''; };
  const block = (prefix) => { flush(); line = prefix || ''; };
  const hidden = (el) => {
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return true;
    const r = el.getBoundingClientRect();
    if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return true;
    const s = getComputedStyle(el);
    if (s.fontSize === '0px') return true;
    return r.width <= 1 && r.height <= 1 && s.overflow === 'hidden';
  };
  const walk = (node, depth) => {
    if (node.nodeType === 3) { line += node.textContent.replace(/\\s+/g, ' '); return; }
    if (node.nodeType !== 1) return;
    const el = node;
    const tag = el.tagName;
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'HEAD'].includes(tag)) return;
    if (hidden(el)) return;
    const h = /^H([1-6])$/.exec(tag);
    if (h) { block('#'.repeat(+h[1]) + ' '); el.childNodes.forEach((c) => walk(c, depth)); flush(); return; }
    if (tag === 'BR') { flush(); return; }
    if (tag === 'LI') { block('  '.repeat(Math.max(0, depth - 1)) + (el.parentElement && el.parentElement.tagName === 'OL' ? (Array.from(el.parentElement.children).indexOf(el) + 1) + '. ' : '- ')); el.childNodes.forEach((c) => walk(c, depth)); flush(); return; }
    if (tag === 'UL' || tag === 'OL') { flush(); el.childNodes.forEach((c) => walk(c, depth + 1)); flush(); return; }
    if (tag === 'PRE') { flush(); out.push('\`\`\`\\n' + el.innerText.replace(/\`\`\`/g, "'''") + '\\n\`\`\`'); return; }
    if (tag === 'CODE') { line += '\`' + el.textContent + '\`'; return; }
    if (tag === 'IMG') { const alt = (el.getAttribute('alt') || '').trim(); if (alt) line += '[image: ' + alt + ']'; return; }
    if (tag === 'A' && withLinks && el.href) { const text = el.innerText.replace(/\\s+/g, ' ').trim(); if (text) { line += '[' + text + '](' + el.href + ')'; return; } }
    if (tag === 'TR') { flush(); const cells = Array.from(el.children).map((c) => c.innerText.replace(/\\s+/g, ' ').trim()); out.push('| ' + cells.join(' | ') + ' |'); if (el.parentElement && el.parentElement.firstElementChild === el && el.querySelector('th')) out.push('|' + cells.map(() => ' --- |').join('')); return; }
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') { const label = el.getAttribute('aria-label') || el.getAttribute('placeholder') || el.name || ''; line += ' [' + (el.type || tag.toLowerCase()) + (label ? ': ' + label : '') + '] '; return; }
    const display = getComputedStyle(el).display;
    const isBlock = display && !display.startsWith('inline');
    if (isBlock) flush();
    el.childNodes.forEach((c) => walk(c, depth));
    if (el.shadowRoot) el.shadowRoot.childNodes.forEach((c) => walk(c, depth));
    if (isBlock) flush();
  };
  walk(root, 0);
  flush();
  return out.join('\\n\\n').replace(/\\n{3,}/g, '\\n\\n');
})`;

/** Evaluates an expression in a fresh isolated world of the main frame: page scripts cannot tamper with it. */
export async function evaluateIsolated(tracked: TrackedPage, expression: string): Promise<unknown> {
  const frameId = (await tracked.cdp.send('Page.getFrameTree')).frameTree.frame.id;
  const { executionContextId } = await tracked.cdp.send('Page.createIsolatedWorld', {
    frameId,
    worldName: 'mcp-isolated',
    grantUniveralAccess: false
  });
  const result = await tracked.cdp.send('Runtime.evaluate', {
    expression,
    contextId: executionContextId,
    returnByValue: true,
    timeout: 10_000
  });
  if (result.exceptionDetails) {
    throw new Error(String(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text));
  }
  return result.result.value;
}

export async function readPageText(
  tracked: TrackedPage,
  options: { selector?: string; links: boolean }
): Promise<string> {
  let value: string | null;
  try {
    value = (await evaluateIsolated(
      tracked,
      `${EXTRACT}(${JSON.stringify(options.selector ?? null)}, ${options.links})`
    )) as string | null;
  } catch (error) {
    const text = String((error as Error).message);
    if (/not a valid selector/.test(text))
      throw new BrowserError(`"${options.selector?.slice(0, 100)}" is not a valid CSS selector.`);
    throw new BrowserError(`Reading the page text failed: ${text.split('\n')[0]!.slice(0, 200)}`);
  }
  if (value === null)
    throw new BrowserError(
      `No element matches "${options.selector?.slice(0, 100)}".`,
      'Check the selector against take_snapshot.'
    );
  return value;
}
