import * as z from 'zod';
import { writeStorageState } from '../browser/storage-state.js';
import { defineTool } from '../kit.js';

export const saveStorageState = defineTool({
  name: 'save_storage_state',
  title: 'Save storage state',
  description:
    "Use to keep the browser's login state for a later run: writes all cookies and the localStorage of the origins open in pages to the file the operator chose (--save-storage-state-path), which --storage-state can load at launch. Returns what was saved (counts, never values).",
  input: z.strictObject({}),
  output: z.object({ path: z.string(), cookies: z.number(), origins: z.array(z.string()), bytes: z.number() }),
  // Replaces the operator's file each time: destructive to the previous state, same result for the same browser.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  enabled: (config) => config.saveStorageStatePath !== undefined,
  async handler({ config, deps }) {
    const path = config.saveStorageStatePath!;
    const state = await deps.session.storageState();
    const bytes = await writeStorageState(path, state);
    const origins = state.origins.map((o) => o.origin);
    return {
      text: `Saved ${state.cookies.length} cookie(s) and the localStorage of ${origins.length} origin(s)${origins.length ? ` (${origins.join(', ')})` : ''} to ${path} (${bytes} bytes).`,
      structured: { path, cookies: state.cookies.length, origins, bytes }
    };
  }
});
