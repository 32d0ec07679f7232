import { ToolError, formatCount, type PathGuard } from '@mcp-catalog/shared';
import type { ServerContext } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { Deps } from '../deps.js';
import type { Session } from '../kit.js';
import type { Config } from '../settings.js';
import type { Scope, ScopeState } from '../fs/scope.js';
import { requestRoots } from '../roots.js';
import type { Scanner } from '../scan/scanner.js';

/** What every tool of one connection works with. */
export interface FsContext {
  config: Config;
  scope: Scope;
  scanner: Scanner;
  /** Bytes of text one result may carry (the runtime's --max-result-bytes). */
  resultBytes: number;
}

/** The FsContext of one call, from what the host hands every handler. */
export function fsOf({ config, deps, session }: { config: Config; deps: Deps; session: Session }): FsContext {
  return { config, scope: session.scope, scanner: deps.scanner, resultBytes: config.maxResultBytes };
}

/**
 * Bytes of file content one result may carry: the result size less room for the notices and
 * headers around it (at least half the result, for servers configured with tiny results).
 */
export function contentBudget(resultBytes: number): number {
  return Math.max(resultBytes - 1000, Math.floor(resultBytes / 2));
}

/**
 * How many of `items` (each rendered as one block of text) fit in `budget` bytes, at least one. Pages
 * of results are cut to this, so the notes after them, which say how to continue, are never cut off.
 */
export function fitting(items: readonly string[], budget: number): number {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += Buffer.byteLength(items[i]!) + 1;
    if (used > budget && i > 0) return i;
  }
  return items.length;
}

/** Which part of `total` items a page shows, as `; showing 11-20`; empty when it shows them all. */
export function pageRange(offset: number, shown: number, total: number): string {
  if (shown === 0 && offset > 0 && offset >= total) return `; offset ${formatCount(offset)} is past the end`;
  return shown < total ? `; showing ${formatCount(offset + 1)}-${formatCount(offset + shown)}` : '';
}

/**
 * The directories this request may use: the connection's scope, or on a 2026-07-28 request the
 * operator's directories narrowed by the roots the client sends with it.
 * @throws InputRequiredSignal on the first round of a 2026-07-28 request, to ask for the roots.
 */
export async function currentState(scope: Scope, request: ServerContext): Promise<ScopeState> {
  const roots = scope.followsClientRoots ? requestRoots(request) : undefined;
  return roots === undefined ? scope.current() : scope.narrowedTo(roots);
}

/** The guard for this request, or a ToolError saying why no directory is allowed at all. */
export async function currentGuard(scope: Scope, request: ServerContext): Promise<PathGuard> {
  const state = await currentState(scope, request);
  if (state.guard.roots.length > 0) return state.guard;
  throw new ToolError(`No directory is accessible: ${state.emptyReason ?? 'none is configured'}.`, {
    hint:
      state.fix ??
      'The operator can start the server with directories as arguments (e.g. mcp-server-filesystem ~/projects), or the client can offer MCP roots.'
  });
}

/** A path argument: bounded, and described once for every tool. */
export function pathArgument(description: string) {
  return z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').describe(description);
}

export const PATH_HELP = 'Absolute, or relative to the first allowed directory.';

/** Globs as tool arguments: a bounded list of bounded patterns. */
export function globList(description: string) {
  return z.array(z.string().min(1).max(500)).max(100).default([]).describe(description);
}

/** Absolute display path of an entry given relative to a displayed start. */
export function joinDisplay(start: string, relative: string): string {
  if (relative === '') return start;
  return start.endsWith('/') ? `${start}${relative}` : `${start}/${relative}`;
}
