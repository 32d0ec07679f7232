import type { KeyInput } from 'puppeteer-core';
import { callOn, pointOf, resolveElement, type ElementTarget, type ResolvedElement } from './actions.js';
import { BrowserError } from './errors.js';
import type { TrackedPage } from './page-state.js';

export async function clickElement(
  tracked: TrackedPage,
  target: ElementTarget,
  options: { timeoutMs: number; button?: 'left' | 'right' | 'middle'; clickCount?: number; modifiers?: string[] }
): Promise<ResolvedElement> {
  const element = await resolveElement(tracked, target, options.timeoutMs);
  const point = await pointOf(tracked, element, options.timeoutMs);
  const held = await holdModifiers(tracked, options.modifiers);
  try {
    await tracked.untilDialog(
      tracked.page.mouse.click(point.x, point.y, { button: options.button ?? 'left', count: options.clickCount ?? 1 })
    );
  } finally {
    for (const key of held.reverse()) await tracked.page.keyboard.up(key);
  }
  return element;
}

async function holdModifiers(tracked: TrackedPage, modifiers: string[] = []): Promise<KeyInput[]> {
  const held: KeyInput[] = [];
  for (const key of modifiers) {
    await tracked.page.keyboard.down(key as KeyInput);
    held.push(key as KeyInput);
  }
  return held;
}

export async function hoverElement(
  tracked: TrackedPage,
  target: ElementTarget,
  timeoutMs: number
): Promise<ResolvedElement> {
  const element = await resolveElement(tracked, target, timeoutMs);
  const point = await pointOf(tracked, element, timeoutMs);
  await tracked.untilDialog(tracked.page.mouse.move(point.x, point.y));
  return element;
}

export async function dragElement(
  tracked: TrackedPage,
  from: ElementTarget,
  to: ElementTarget,
  timeoutMs: number
): Promise<[ResolvedElement, ResolvedElement]> {
  const source = await resolveElement(tracked, from, timeoutMs);
  const target = await resolveElement(tracked, to, timeoutMs);
  const start = await pointOf(tracked, source, timeoutMs);
  const end = await pointOf(tracked, target, timeoutMs);
  const mouse = tracked.page.mouse;
  await mouse.move(start.x, start.y);
  await mouse.down();
  await mouse.move(end.x, end.y, { steps: 8 });
  await tracked.untilDialog(mouse.up());
  return [source, target];
}

/** Kinds of form control, read from the element itself (the model's idea of it may be wrong). */
type ControlKind = 'text' | 'checkbox' | 'radio' | 'select' | 'file' | 'editable' | 'other';

const KIND_OF = `function () {
  const tag = this.tagName;
  if (tag === 'SELECT') return 'select';
  if (tag === 'TEXTAREA') return 'text';
  if (tag === 'INPUT') {
    const type = (this.type || 'text').toLowerCase();
    if (type === 'checkbox') return 'checkbox';
    if (type === 'radio') return 'radio';
    if (type === 'file') return 'file';
    if (['button', 'submit', 'reset', 'image', 'hidden'].includes(type)) return 'other';
    return 'text';
  }
  if (this.isContentEditable) return 'editable';
  const role = this.getAttribute && this.getAttribute('role');
  if (role === 'checkbox' || role === 'switch') return 'checkbox';
  if (role === 'textbox' || role === 'searchbox' || role === 'combobox') return 'text';
  return 'other';
}`;

async function focusAndSelectAll(tracked: TrackedPage, element: ResolvedElement): Promise<void> {
  await tracked.cdp.send('DOM.focus', { backendNodeId: element.backendNodeId });
  await callOn(
    tracked,
    element,
    `function () {
    if (typeof this.select === 'function' && (this.tagName === 'INPUT' || this.tagName === 'TEXTAREA')) { this.select(); return; }
    const range = document.createRange(); range.selectNodeContents(this);
    const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
  }`
  );
}

export async function typeText(
  tracked: TrackedPage,
  target: ElementTarget,
  text: string,
  options: { timeoutMs: number; clear: boolean; submit: boolean }
): Promise<ResolvedElement> {
  const element = await resolveElement(tracked, target, options.timeoutMs);
  const kind = await callOn<ControlKind>(tracked, element, KIND_OF);
  if (kind !== 'text' && kind !== 'editable') {
    throw new BrowserError(
      `${element.label} is not a text field (it is ${kind === 'other' ? 'not editable' : `a ${kind}`}).`,
      kind === 'select'
        ? 'Use select_option.'
        : kind === 'checkbox' || kind === 'radio'
          ? 'Use click_element.'
          : 'Pick a textbox ref from take_snapshot.'
    );
  }
  if (options.clear) {
    await focusAndSelectAll(tracked, element);
    await tracked.page.keyboard.press('Backspace');
  } else {
    await tracked.cdp.send('DOM.focus', { backendNodeId: element.backendNodeId });
  }
  // Key by key for short text (pages listen to key events); long text is inserted in one go.
  if (text.length <= 200) await tracked.page.keyboard.type(text);
  else await tracked.cdp.send('Input.insertText', { text });
  if (options.submit) await tracked.untilDialog(tracked.page.keyboard.press('Enter'));
  return element;
}

export async function selectOption(
  tracked: TrackedPage,
  target: ElementTarget,
  values: string[],
  timeoutMs: number
): Promise<{ element: ResolvedElement; selected: string[] }> {
  const element = await resolveElement(tracked, target, timeoutMs);
  const selected = await callOn<string[]>(
    tracked,
    element,
    `function (wanted) {
      if (this.tagName !== 'SELECT') throw new Error('the element is not a <select>; click its options instead');
      const options = Array.from(this.options);
      const picks = wanted.map((w) => options.find((o) => o.value === w) || options.find((o) => o.label.trim() === w.trim()));
      const missing = wanted.filter((w, i) => !picks[i]);
      if (missing.length) throw new Error('no option ' + JSON.stringify(missing[0]) + '; options are: ' + options.slice(0, 30).map((o) => JSON.stringify(o.label)).join(', '));
      if (picks.length > 1 && !this.multiple) throw new Error('the select takes one value');
      if (picks.some((o) => o.disabled)) throw new Error('that option is disabled');
      for (const o of options) o.selected = picks.includes(o);
      this.dispatchEvent(new Event('input', { bubbles: true }));
      this.dispatchEvent(new Event('change', { bubbles: true }));
      return picks.map((o) => o.label);
    }`,
    [values]
  );
  return { element, selected };
}

export interface FormField {
  target: ElementTarget;
  value: string | boolean;
}

/** Sets several fields: text is replaced, checkboxes set to the boolean, selects pick the value or label. */
export async function fillForm(tracked: TrackedPage, fields: FormField[], timeoutMs: number): Promise<string[]> {
  const done: string[] = [];
  for (const field of fields) {
    const element = await resolveElement(tracked, field.target, timeoutMs);
    const kind = await callOn<ControlKind>(tracked, element, KIND_OF);
    if (kind === 'text' || kind === 'editable') {
      if (typeof field.value !== 'string')
        throw new BrowserError(`${element.label} is a text field; give a string value.`);
      await focusAndSelectAll(tracked, element);
      await tracked.page.keyboard.press('Backspace');
      if (field.value) await tracked.cdp.send('Input.insertText', { text: field.value });
      await callOn(tracked, element, `function () { this.dispatchEvent(new Event('change', { bubbles: true })); }`);
    } else if (kind === 'checkbox' || kind === 'radio') {
      const want = typeof field.value === 'boolean' ? field.value : field.value === 'true';
      const checked = await callOn<boolean>(
        tracked,
        element,
        `function () { return 'checked' in this ? this.checked : this.getAttribute('aria-checked') === 'true'; }`
      );
      if (checked !== want) {
        if (kind === 'radio' && !want)
          throw new BrowserError(`${element.label} is a radio button; check another one of its group instead.`);
        const point = await pointOf(tracked, element, timeoutMs);
        await tracked.untilDialog(tracked.page.mouse.click(point.x, point.y));
      }
    } else if (kind === 'select') {
      await selectOption(tracked, field.target, [String(field.value)], timeoutMs);
    } else {
      throw new BrowserError(
        `${element.label} is not a form field fill_form can set (${kind}).`,
        kind === 'file' ? 'Use upload_file.' : 'Use click_element.'
      );
    }
    done.push(element.label);
  }
  return done;
}

export async function uploadFiles(
  tracked: TrackedPage,
  target: ElementTarget,
  files: string[],
  timeoutMs: number
): Promise<ResolvedElement> {
  const element = await resolveElement(tracked, target, timeoutMs);
  const kind = await callOn<ControlKind>(tracked, element, KIND_OF);
  if (kind !== 'file')
    throw new BrowserError(
      `${element.label} is not a file input.`,
      'Pick the <input type=file> (its ref or a selector such as input[type=file]).'
    );
  await tracked.cdp.send('DOM.setFileInputFiles', { files, backendNodeId: element.backendNodeId });
  return element;
}

export async function pressKey(tracked: TrackedPage, combo: string): Promise<void> {
  const parts = combo.split('+').filter(Boolean);
  const key = parts.pop();
  if (!key) throw new BrowserError('Give a key such as Enter or Control+A.');
  for (const modifier of parts) await tracked.page.keyboard.down(modifier as KeyInput);
  try {
    await tracked.untilDialog(tracked.page.keyboard.press(key as KeyInput));
  } finally {
    for (const modifier of parts.reverse()) await tracked.page.keyboard.up(modifier as KeyInput);
  }
}
