/** An expected browser failure; `message` and `hint` are written for the model. */
export class BrowserError extends Error {
  constructor(
    message: string,
    readonly hint?: string
  ) {
    super(message);
    this.name = 'BrowserError';
  }
}

/** Turns puppeteer and CDP errors into messages a model can act on; unknown errors pass through. */
export function mapBrowserError(error: unknown, context: { action?: string; timeoutMs?: number } = {}): unknown {
  if (error instanceof BrowserError) return error;
  if (!(error instanceof Error)) return error;
  const text = error.message;
  const what = context.action ?? 'The action';
  if (error.name === 'TimeoutError' || /timeout .*exceeded|timed out/i.test(text)) {
    return new BrowserError(
      `${what} did not finish within ${context.timeoutMs ?? 'the'} ms.`,
      'The page is slow or waiting on something; raise timeoutMs, or use wait_for and take_snapshot to see its state.'
    );
  }
  if (/detached Frame|Execution context was destroyed|Cannot find context|frame was detached/i.test(text)) {
    return new BrowserError(
      `${what} was interrupted: the page navigated or the frame went away while it ran.`,
      'Take a new snapshot and try again on the page as it is now.'
    );
  }
  if (
    /No node with given id|Could not find node|Node is detached|does not belong to the document|No node found/i.test(
      text
    )
  ) {
    return new BrowserError(
      `${what} failed: the element is no longer in the page.`,
      'Take a new snapshot and use a ref from it.'
    );
  }
  if (/Target closed|Session closed|Connection closed|Protocol error.*Target/i.test(text)) {
    return new BrowserError('The page was closed while the action ran.', 'Use list_pages to see the open pages.');
  }
  const net = /net::(ERR_[A-Z_]+)/.exec(text);
  if (net) {
    const code = net[1]!;
    if (code === 'ERR_TUNNEL_CONNECTION_FAILED' || code === 'ERR_BLOCKED_BY_CLIENT')
      return new BrowserError(`${what} was refused by the browser's network policy (${code}).`);
    if (code === 'ERR_ABORTED')
      return new BrowserError(`${what} was aborted (the page started another navigation, or a download).`);
    return new BrowserError(
      `${what} failed: ${code}.`,
      'Check the URL; list_network_requests shows what the page requested.'
    );
  }
  if (/Unknown key/i.test(text)) {
    return new BrowserError(text.slice(0, 200), 'Use key names such as Enter, Tab, Escape, ArrowDown, Control+A.');
  }
  return error;
}
