import type { ScreenshotClip } from 'puppeteer-core';
import { pointOf, resolveElement, type ElementTarget } from './actions.js';
import { BrowserError } from './errors.js';
import type { TrackedPage } from './page-state.js';
import { evaluateIsolated } from './page-text.js';

export interface ScreenshotRequest {
  mode: 'viewport' | 'fullPage' | 'element';
  target?: ElementTarget;
  format: 'png' | 'jpeg';
  /** Largest encoded image returned, in bytes. */
  maxBytes: number;
  /** Longest side of the returned image, in pixels. */
  maxDimension: number;
  timeoutMs: number;
}

export interface Screenshot {
  data: Buffer;
  mimeType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  scale: number;
}

/**
 * Captures the viewport, the whole page or one element, scaling the capture (not the page: the
 * viewport is never changed) and re-encoding until the image fits `maxBytes`.
 */
export async function takeScreenshot(tracked: TrackedPage, request: ScreenshotRequest): Promise<Screenshot> {
  const page = tracked.page;
  let clip: { x: number; y: number; width: number; height: number };
  if (request.mode === 'element') {
    if (!request.target) throw new BrowserError('Give ref or selector for an element screenshot.');
    const element = await resolveElement(tracked, request.target, request.timeoutMs);
    await pointOf(tracked, element, request.timeoutMs);
    const { model } = await tracked.cdp.send('DOM.getBoxModel', { backendNodeId: element.backendNodeId });
    const xs = [model.border[0]!, model.border[2]!, model.border[4]!, model.border[6]!];
    const ys = [model.border[1]!, model.border[3]!, model.border[5]!, model.border[7]!];
    const metrics = await tracked.cdp.send('Page.getLayoutMetrics');
    const x = Math.min(...xs) + metrics.cssVisualViewport.pageX;
    const y = Math.min(...ys) + metrics.cssVisualViewport.pageY;
    clip = {
      x,
      y,
      width: Math.max(1, Math.max(...xs) - Math.min(...xs)),
      height: Math.max(1, Math.max(...ys) - Math.min(...ys))
    };
  } else {
    const metrics = await tracked.cdp.send('Page.getLayoutMetrics');
    const view = metrics.cssVisualViewport;
    clip =
      request.mode === 'fullPage'
        ? { x: 0, y: 0, width: metrics.cssContentSize.width, height: Math.min(metrics.cssContentSize.height, 20_000) }
        : { x: view.pageX, y: view.pageY, width: view.clientWidth, height: view.clientHeight };
  }
  let scale = Math.min(1, request.maxDimension / Math.max(clip.width, clip.height));
  let format = request.format;
  let quality = 80;
  for (let attempt = 0; attempt < 6; attempt++) {
    const shot: ScreenshotClip = { ...clip, scale };
    const data = Buffer.from(
      await page.screenshot({
        type: format,
        clip: shot,
        captureBeyondViewport: request.mode !== 'viewport',
        ...(format === 'jpeg' ? { quality } : {})
      })
    );
    if (data.length <= request.maxBytes) {
      return {
        data,
        mimeType: format === 'png' ? 'image/png' : 'image/jpeg',
        width: Math.round(clip.width * scale),
        height: Math.round(clip.height * scale),
        scale: Math.round(scale * 1000) / 1000
      };
    }
    // Too big: JPEG first, then less quality, then fewer pixels.
    if (format === 'png') format = 'jpeg';
    else if (quality > 50) quality = 50;
    else scale *= Math.sqrt(request.maxBytes / data.length) * 0.9;
  }
  throw new BrowserError(
    'The screenshot does not fit the size limit.',
    'Take a screenshot of one element, or of the viewport.'
  );
}

export async function savePdf(
  tracked: TrackedPage,
  options: { landscape: boolean; printBackground: boolean; timeoutMs: number }
): Promise<Buffer> {
  return Buffer.from(
    await tracked.page.pdf({
      landscape: options.landscape,
      printBackground: options.printBackground,
      timeout: options.timeoutMs,
      format: 'a4'
    })
  );
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the page shows (or stops showing) a text, or an element matches a selector; bounded. */
export async function waitFor(
  tracked: TrackedPage,
  condition: { text?: string; textGone?: string; selector?: string; timeMs?: number },
  timeoutMs: number
): Promise<{ waitedMs: number }> {
  const started = Date.now();
  if (condition.timeMs !== undefined) {
    await delay(Math.min(condition.timeMs, timeoutMs));
    return { waitedMs: Date.now() - started };
  }
  const deadline = started + timeoutMs;
  for (;;) {
    if (tracked.dialog)
      throw new BrowserError(`A ${tracked.dialog.type} dialog is open.`, 'Answer it with handle_dialog first.');
    const met = await check(tracked, condition).catch(() => false);
    if (met) return { waitedMs: Date.now() - started };
    if (Date.now() >= deadline) {
      const what = condition.selector
        ? `an element matching "${condition.selector.slice(0, 100)}"`
        : condition.text !== undefined
          ? `the text "${condition.text.slice(0, 100)}"`
          : `the text "${condition.textGone!.slice(0, 100)}" to disappear`;
      throw new BrowserError(
        `Waited ${timeoutMs} ms for ${what}; it did not happen.`,
        'Check take_snapshot for what the page shows, or wait longer.'
      );
    }
    await delay(150);
  }
}

async function check(
  tracked: TrackedPage,
  condition: { text?: string; textGone?: string; selector?: string }
): Promise<boolean> {
  if (condition.selector) {
    const { root } = await tracked.cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await tracked.cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: condition.selector
    });
    return nodeId !== 0;
  }
  const needle = condition.text ?? condition.textGone!;
  const found =
    (await evaluateIsolated(
      tracked,
      `(document.body ? document.body.innerText : '').includes(${JSON.stringify(needle)})`
    )) === true;
  return condition.text !== undefined ? found : !found;
}
