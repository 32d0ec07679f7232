import { PathGuard } from '@mcp-catalog/shared';

/** Where the current allowed directories come from. */
export type ScopeSource = 'arguments' | 'client roots' | 'arguments narrowed by client roots' | 'none';

export interface ScopeState {
  guard: PathGuard;
  source: ScopeSource;
  /** Why nothing is allowed, when nothing is. */
  emptyReason?: string;
  /** How to fix it, when something can be done. */
  fix?: string;
}

/** The operator's fix when client roots and the command-line directories do not overlap. */
export const IGNORE_ROOTS_FIX =
  "Open a folder inside one of the server's directories in the client, or have the operator start the server with --no-client-roots (FILESYSTEM_CLIENT_ROOTS=false) to ignore the client's MCP roots.";

/** Most client root URIs quoted in an error, each cut to a bounded length (they come from the client). */
const QUOTED_ROOTS = 3;
const QUOTED_ROOT_CHARS = 200;

/**
 * The directories one connection may use: the operator's (command-line arguments), narrowed by
 * the client's MCP roots when it offers them. Roots can only narrow: a client root outside every
 * operator directory grants nothing, and one containing an operator directory grants only that
 * directory. Without operator directories the client's roots alone define the scope.
 */
export class Scope {
  #state: ScopeState;
  #pending: Promise<void> = Promise.resolve();
  #noticedEmptyRoots = false;
  #generation = 0;

  /**
   * @param operator the operator's directories; a guard without roots means "roots alone decide".
   * @param followsClientRoots whether client roots count at all (the operator's --client-roots).
   * @param onNotice told (once per scope) when the client's roots were set aside, for the log.
   */
  constructor(
    private readonly operator: PathGuard,
    readonly followsClientRoots = true,
    private readonly onNotice: (message: string, fields: Record<string, unknown>) => void = () => {}
  ) {
    this.#state =
      operator.roots.length > 0
        ? { guard: operator, source: 'arguments' }
        : {
            guard: operator,
            source: 'none',
            emptyReason: 'the server was started without directories and the client has not offered any MCP roots (yet)'
          };
  }

  /** The current state, once any roots update in flight has landed (so no call runs on a stale, wider scope). */
  async current(): Promise<ScopeState> {
    await this.#pending;
    return this.#state;
  }

  /**
   * Re-read the client's roots. Calls are serialised and the latest wins. If fetching fails the
   * scope is left as it was, which is never wider than the operator's directories.
   */
  update(fetchRoots: () => Promise<readonly string[]>, onError: (error: unknown) => void): Promise<void> {
    const generation = ++this.#generation;
    this.#pending = this.#pending.then(async () => {
      let roots: readonly string[];
      try {
        roots = await fetchRoots();
      } catch (error) {
        onError(error);
        return;
      }
      const next = await this.#fromClientRoots(roots);
      if (generation === this.#generation) this.#state = next;
    });
    return this.#pending;
  }

  /** The scope for one request that carries its own client roots, leaving the connection's as it is. */
  narrowedTo(roots: readonly string[]): Promise<ScopeState> {
    return this.#fromClientRoots(roots);
  }

  async #fromClientRoots(roots: readonly string[]): Promise<ScopeState> {
    if (this.operator.roots.length === 0) {
      const guard = await PathGuard.fromClientRoots(roots);
      return guard.roots.length > 0
        ? { guard, source: 'client roots' }
        : { guard, source: 'none', emptyReason: describeUnusable(roots.length, 'exists as a local directory') };
    }
    if (roots.length === 0) {
      // Hosts with no folder open (and the MCP Inspector) declare roots but send none: that says
      // nothing about the scope, so the operator's directories stand, as in the reference server.
      if (!this.#noticedEmptyRoots) {
        this.#noticedEmptyRoots = true;
        this.onNotice('the client offered an empty list of MCP roots; keeping the command-line directories', {
          directories: this.operator.roots.length
        });
      }
      return { guard: this.operator, source: 'arguments' };
    }
    const guard = await this.operator.narrow(roots);
    if (guard.roots.length > 0) return { guard, source: 'arguments narrowed by client roots' };
    const quoted = roots
      .slice(0, QUOTED_ROOTS)
      .map((root) => JSON.stringify(root.length > QUOTED_ROOT_CHARS ? `${root.slice(0, QUOTED_ROOT_CHARS)}…` : root));
    const more = roots.length > QUOTED_ROOTS ? ` and ${roots.length - QUOTED_ROOTS} more` : '';
    return {
      guard,
      source: 'none',
      emptyReason:
        `${describeUnusable(roots.length, "lies inside or contains one of the server's directories")}: ` +
        `the client offered ${quoted.join(', ')}${more}; the server's directories are ${this.operator.displayRoots.join(', ')}`,
      fix: IGNORE_ROOTS_FIX
    };
  }
}

function describeUnusable(count: number, rule: string): string {
  return count === 0
    ? 'the client offered an empty list of MCP roots, and roots can only narrow the scope'
    : `none of the ${count} MCP root(s) the client offered ${rule}`;
}
