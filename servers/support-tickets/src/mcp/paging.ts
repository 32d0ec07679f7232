import { createHash } from 'node:crypto';
import { ToolError } from '@mcp-catalog/shared';

/**
 * Page tokens handed to models: the backend's own cursor plus a fingerprint of the query it
 * belongs to, so a cursor replayed with different filters is refused instead of silently paging
 * through some other result.
 */
export function pageToken(query: unknown, backendCursor: string | null): string | null {
  if (backendCursor === null) return null;
  return Buffer.from(JSON.stringify({ q: fingerprint(query), c: backendCursor })).toString('base64url');
}

export function readPageToken(token: string | undefined, query: unknown): string | undefined {
  if (token === undefined) return undefined;
  let parsed: { q?: unknown; c?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.c !== 'string') {
    throw new ToolError('cursor is not a cursor this server issued.', {
      hint: 'Pass nextCursor exactly as returned, or leave cursor out to start from the first page.'
    });
  }
  if (parsed.q !== fingerprint(query)) {
    throw new ToolError('cursor belongs to a different query.', {
      hint: 'Repeat the same filters as the call that returned this cursor, or leave cursor out to start over.'
    });
  }
  return parsed.c;
}

function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}
