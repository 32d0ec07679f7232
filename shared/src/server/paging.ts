import * as z from 'zod';

/**
 * The catalog's one paging shape: `offset`/`limit` in, `total`/`nextOffset` out (`nextOffset`
 * absent on the last page). Backends that only have cursors use `cursor`/`limit` -> `nextCursor`.
 */
export function pageInput({ defaultLimit, maxLimit }: { defaultLimit: number; maxLimit: number }) {
  return {
    offset: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Items to skip: 0 for the first page, then the nextOffset of the previous result.'),
    limit: z.number().int().min(1).max(maxLimit).default(defaultLimit).describe(`Items per page (at most ${maxLimit}).`)
  };
}

export const pageOutput = {
  total: z.number().int().optional().describe('Items in all pages, when the backend knows.'),
  nextOffset: z.number().int().optional().describe('Pass as offset for the next page; absent on the last page.')
};

export interface PageFields {
  total?: number;
  nextOffset?: number;
}

/** The output fields for a page of `count` items that started at `offset`. */
export function pageOf(
  { offset, limit }: { offset: number; limit: number },
  count: number,
  total?: number
): PageFields {
  const more = total === undefined ? count >= limit : offset + count < total;
  return {
    ...(total === undefined ? {} : { total }),
    ...(more && count > 0 ? { nextOffset: offset + count } : {})
  };
}

export function cursorInput({ defaultLimit, maxLimit }: { defaultLimit: number; maxLimit: number }) {
  return {
    cursor: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe('Omit for the first page; then pass the nextCursor of the previous result.'),
    limit: z.number().int().min(1).max(maxLimit).default(defaultLimit).describe(`Items per page (at most ${maxLimit}).`)
  };
}

export const cursorOutput = {
  nextCursor: z.string().optional().describe('Pass as cursor for the next page; absent on the last page.')
};

/** One line telling a model where this page sits and how to get the next one. */
export function pageNotice(
  page: PageFields & { offset?: number; cursor?: boolean },
  count: number,
  noun: string,
  next: { nextCursor?: string } = {}
): string {
  const start = (page.offset ?? 0) + (count ? 1 : 0);
  const range = count ? `${noun} ${start}-${(page.offset ?? 0) + count}` : `No ${noun}`;
  const of = page.total === undefined ? '' : ` of ${page.total}`;
  if (page.nextOffset !== undefined) return `${range}${of}. More: call again with offset ${page.nextOffset}.`;
  if (next.nextCursor) return `${range}${of}. More: call again with cursor "${next.nextCursor}".`;
  return `${range}${of}${count ? ' (last page)' : ''}.`;
}
