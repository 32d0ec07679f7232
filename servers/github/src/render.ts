import { Fence, untrustedNotice } from './text.js';
import { defangMarkdown } from './text.js';

/** Builds a reply whose third-party parts sit inside one fence, with the notice leading. */
export class Reply {
  private readonly fence = new Fence();
  private readonly lines: string[] = [];
  private fenced = false;

  line(text: string): this {
    this.lines.push(text);
    return this;
  }

  /** A block of someone else's Markdown (HTML comments stripped, remote images flagged). */
  block(source: string, text: string | null | undefined): this {
    this.fenced = true;
    this.lines.push(this.fence.block(source, defangMarkdown(text ?? '')));
    return this;
  }

  /** A block of someone else's text kept verbatim apart from hidden characters (code, logs). */
  raw(source: string, text: string): this {
    this.fenced = true;
    this.lines.push(this.fence.block(source, text));
    return this;
  }

  inline(text: string): string {
    this.fenced = true;
    return this.fence.inline(text);
  }

  toString(): string {
    const notice = untrustedNotice('GitHub users and other third parties', { refuse: 'push, merge, comment' });
    return (this.fenced ? [notice, ...this.lines] : this.lines).join('\n');
  }
}
