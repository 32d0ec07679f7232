// Third-party Markdown and HTML (issue bodies, messages, page snippets) can hide text from the
// person reviewing it (HTML comments render as nothing) and can exfiltrate data through a client
// that renders it (an image URL carrying what a model was told to append is fetched on display).
// Each helper here is one linear pass: every scan from a position is bounded by a fixed window.

const COMMENT_OPEN = '<!--';
const MAX_LABEL = 1_000;
const MAX_DESTINATION = 4_096;

/**
 * Removes HTML comments the way a browser ends them (`-->`, `--!>`, the abrupt `<!-->` and
 * `<!--->`); an unterminated comment hides everything after it when rendered, so it is removed to
 * the end too. `replacement` (default '') takes the place of each comment.
 */
export function stripHtmlComments(text: string, replacement = ''): string {
  let from = 0;
  let open = text.indexOf(COMMENT_OPEN);
  if (open < 0) return text;
  let out = '';
  // Next known positions of each closer; -1 once there is none left, so no search repeats to the end.
  let dashClose = -2;
  let bangClose = -2;
  while (open >= 0) {
    out += text.slice(from, open) + replacement;
    const body = open + COMMENT_OPEN.length;
    let end: number;
    if (text.startsWith('>', body)) end = body + 1;
    else if (text.startsWith('->', body)) end = body + 2;
    else {
      if (dashClose !== -1 && dashClose < body) dashClose = text.indexOf('-->', body);
      if (bangClose !== -1 && bangClose < body) bangClose = text.indexOf('--!>', body);
      const closers = [dashClose >= 0 ? dashClose + 3 : -1, bangClose >= 0 ? bangClose + 4 : -1].filter((n) => n >= 0);
      end = closers.length ? Math.min(...closers) : text.length;
    }
    from = end;
    open = text.indexOf(COMMENT_OPEN, end);
  }
  return out + text.slice(from);
}

/**
 * Replaces every Markdown image (`![alt](url "title")`, `![alt][ref]`, `![alt]`) and every HTML
 * element that loads a URL on display (img, source, video, audio, iframe, embed, object,
 * input, link, svg image) with a visible marker naming its alt text and host, so nothing is
 * fetched when a client renders the text and the reader still knows an image was there.
 * `data:` images load nothing remote and are kept.
 */
export function flagRemoteImages(text: string): string {
  return flagHtmlImages(flagMarkdownImages(text));
}

/** stripHtmlComments then flagRemoteImages: the usual treatment for third-party Markdown. */
export function defangMarkdown(text: string): string {
  return flagRemoteImages(stripHtmlComments(text));
}

function flagMarkdownImages(text: string): string {
  let at = text.indexOf('![');
  if (at < 0) return text;
  const matches = matchBrackets(text);
  const close = (open: number, window: number) => {
    const end = matches.get(open);
    return end !== undefined && end - open <= window ? end : -1;
  };
  let out = '';
  let from = 0;
  while (at >= 0) {
    const labelEnd = close(at + 1, MAX_LABEL);
    if (labelEnd < 0) {
      at = text.indexOf('![', at + 2);
      continue;
    }
    const alt = text.slice(at + 2, labelEnd);
    let end = labelEnd + 1;
    let destination: string | undefined;
    if (text[end] === '(') {
      const destinationEnd = close(end, MAX_DESTINATION);
      if (destinationEnd >= 0) {
        destination = text.slice(end + 1, destinationEnd).trim();
        end = destinationEnd + 1;
      }
    } else if (text[end] === '[') {
      const referenceEnd = close(end, MAX_LABEL);
      if (referenceEnd >= 0) end = referenceEnd + 1;
    }
    const url = destination === undefined ? undefined : firstToken(destination);
    if (url !== undefined && /^data:image\//i.test(url)) {
      at = text.indexOf('![', end);
      continue;
    }
    out += text.slice(from, at) + isolated(text, at, end, marker(alt, url));
    from = end;
    at = text.indexOf('![', end);
  }
  return out + text.slice(from);
}

/** Opening index -> closing index of every balanced [] and () pair, backslash escapes respected: one pass. */
function matchBrackets(text: string): Map<number, number> {
  const matches = new Map<number, number>();
  const squares: number[] = [];
  const rounds: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') squares.push(i);
    else if (c === '(') rounds.push(i);
    else if (c === ']' && squares.length) matches.set(squares.pop()!, i);
    else if (c === ')' && rounds.length) matches.set(rounds.pop()!, i);
  }
  return matches;
}

function firstToken(destination: string): string {
  const angled = /^<([^>]*)>/.exec(destination);
  return angled ? angled[1]! : (destination.split(/\s/, 1)[0] ?? '');
}

const URL_TAGS = 'img|image|source|video|audio|track|iframe|frame|embed|object|input|link|svg|use';
// Bounded: an unterminated tag is flagged up to the window, the rest stays text.
const HTML_URL_TAG = new RegExp(`<(${URL_TAGS})(?=[\\s/>])[^>]{0,${MAX_DESTINATION}}>?`, 'giu');
const END_TAG = new RegExp(`</(?:${URL_TAGS})\\s*>`, 'giu');

function flagHtmlImages(text: string): string {
  return text
    .replace(HTML_URL_TAG, (tag: string, name: string, offset: number, whole: string) => {
      const src = /\s(?:src|srcset|href|data|poster|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/iu.exec(tag);
      const url = src ? (src[1] ?? src[2] ?? src[3]) : undefined;
      if (url !== undefined && /^data:image\//i.test(url.trim())) return tag;
      const alt = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)')/iu.exec(tag);
      const flagged = marker(alt ? (alt[1] ?? alt[2] ?? '') : '', url, name.toLowerCase());
      return isolated(whole, offset, offset + tag.length, flagged);
    })
    .replace(END_TAG, '');
}

/**
 * A marker looks like "[...]", so it must not become part of new Markdown syntax with its
 * neighbours: "!" before it would make an image again, "(" "[" or ":" after it a link.
 */
function isolated(text: string, start: number, end: number, flagged: string): string {
  const before = start > 0 && text[start - 1] === '!' ? ' ' : '';
  const after = end < text.length && '([:'.includes(text[end]!) ? ' ' : '';
  return before + flagged + after;
}

function marker(alt: string, url: string | undefined, element?: string): string {
  const what = element && element !== 'img' ? `remote ${element}` : 'remote image';
  const label = alt
    .replace(/[[\]\s]+/g, ' ')
    .trim()
    .slice(0, 100);
  const host = url ? hostOf(url) : undefined;
  return `[${what} removed${label ? `: "${label}"` : ''}${host ? ` from ${host}` : ''}]`;
}

function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim().startsWith('//') ? `https:${url.trim()}` : url.trim());
    return parsed.host || undefined;
  } catch {
    return undefined;
  }
}
