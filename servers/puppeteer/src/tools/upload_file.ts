import { PathGuard } from '@mcp-catalog/shared';
import * as z from 'zod';
import { uploadFiles } from '../browser/interact.js';
import { defineTool } from '../kit.js';
import { act, actionOutput, targetFields, targetOf, timeoutSchema } from './common.js';

export const uploadFile = defineTool({
  name: 'upload_file',
  title: 'Upload file',
  description:
    'Use to put files into an <input type=file>, by ref or CSS selector; the files must lie in a directory the operator allowed (--upload-dirs). Returns what changed.',
  input: z.strictObject({
    ...targetFields,
    paths: z.array(z.string().min(1).max(4096)).min(1).max(20).describe('Files inside the allowed upload directories.'),
    timeoutMs: timeoutSchema
  }),
  output: z.object(actionOutput),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  enabled: (config) => config.uploadDirs.length > 0,
  async handler({ args, config, deps }) {
    const guard = await PathGuard.create(config.uploadDirs);
    // Every symlink is followed and must stay inside the allowed directories; Chromium gets the real path.
    const files = await Promise.all(args.paths.map((path, i) => guard.resolve(path, 'read', `paths[${i}]`)));
    const timeoutMs = args.timeoutMs ?? config.actionTimeoutSeconds * 1000;
    return act(deps.session, timeoutMs, async (tracked) => {
      const element = await uploadFiles(tracked, targetOf(args), files, timeoutMs);
      return `Set ${files.length} file(s) on ${element.label}.`;
    });
  }
});
