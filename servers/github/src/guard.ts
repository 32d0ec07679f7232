import { ToolError } from '@mcp-catalog/shared';
import type { Deps } from './deps.js';

/**
 * The --allowed-repos check, before any request. Writes are refused outside the list even when
 * reads are open: text read from one repository cannot talk the model into writing to another.
 */
export function guardRepo(deps: Deps, owner: string, repo: string, mode: 'read' | 'write'): void {
  if (deps.allow.allows(owner, repo)) return;
  if (mode === 'read' && deps.readsOpen) return;
  throw new ToolError(
    `${owner}/${repo} is outside the repositories this server may ${mode === 'write' ? 'change' : 'read'} (${deps.allow.describe()}).`,
    {
      hint: 'Use one of the allowed repositories; the operator sets them with --allowed-repos.'
    }
  );
}

/** Whether a search hit from `fullName` may be shown. */
export function mayRead(deps: Deps, fullName: string): boolean {
  return deps.readsOpen || deps.allow.allowsFullName(fullName);
}
