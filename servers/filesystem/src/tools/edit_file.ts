import { isUtf8 } from 'node:buffer';
import { formatCount, ToolError, truncateText, formatBytes } from '@mcp-catalog/shared';
import * as z from 'zod';
import { defineTool } from '../kit.js';
import { applyEdits, unifiedDiff } from '../fs/edit.js';
import { looksBinary } from '../fs/binary.js';
import { currentGuard, contentBudget, PATH_HELP, pathArgument, fsOf } from './context.js';

export const editFile = defineTool({
  name: 'edit_file',
  title: 'Edit file',
  description:
    'Use to change part of a text file by exact replacement: each edit replaces oldText (which must appear exactly once, or set replaceAll) with newText, in order; if any edit does not apply, nothing is written. CRLF line endings are kept. Returns a unified diff; dryRun: true shows the diff without writing.',
  seeAlso: {
    write_file: 'to replace a whole file'
  },
  input: z.object({
    path: pathArgument(`File to edit. ${PATH_HELP}`),
    edits: z
      .array(
        z.strictObject({
          oldText: z
            .string()
            .min(1, 'must not be empty')
            .describe('Text to replace, copied exactly (indentation and line breaks included).'),
          newText: z.string().describe('Replacement text (empty to delete).'),
          replaceAll: z.boolean().default(false).describe('Replace every occurrence instead of requiring exactly one.')
        })
      )
      .min(1, 'must contain at least one edit')
      .max(100, 'must contain at most 100 edits')
      .describe('Edits applied in order, each to the result of the previous ones.'),
    dryRun: z.boolean().default(false).describe('Only show the diff; do not write.')
  }),
  output: z.object({
    path: z.string(),
    replacements: z.number().int(),
    changed: z.boolean().describe('False when the edits left the text as it was.'),
    written: z.boolean(),
    diff: z.string().describe('Unified diff of the change (cut when very long).')
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async handler(call) {
    const { scope, config, resultBytes } = fsOf(call);
    const { path, edits, dryRun } = call.args;
    const ctx = call;
    const guard = await currentGuard(scope, ctx.request);
    const { handle, realPath } = await guard.openForRead(path);
    let before: string;
    let version: string;
    try {
      const stats = await handle.stat();
      if (stats.size > config.maxFileBytes) {
        throw new ToolError(
          `path ${JSON.stringify(path)} is ${formatBytes(stats.size)}, over this server's ${formatCount(config.maxFileBytes)}-byte limit for editing.`,
          {
            hint: 'Ask the operator to raise --max-file-bytes.',
            argument: 'path'
          }
        );
      }
      const bytes = await handle.readFile();
      if (looksBinary(bytes)) {
        throw new ToolError(`path ${JSON.stringify(path)} is a binary file; edit_file changes text only.`, {
          argument: 'path'
        });
      }
      if (!isUtf8(bytes)) {
        // Decoding would turn its other bytes into U+FFFD, and writing back would corrupt them.
        throw new ToolError(
          `path ${JSON.stringify(path)} is not UTF-8 text (e.g. Latin-1); edit_file would corrupt its other characters.`,
          { hint: 'Convert it to UTF-8 first, or leave it as it is.', argument: 'path' }
        );
      }
      before = bytes.toString('utf8');
      version = `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
    } finally {
      await handle.close();
    }

    const { text: after, replacements } = applyEdits(before, edits, { maxBytes: config.maxFileBytes });
    const shown = guard.toDisplayPath(realPath);
    const changed = after !== before;
    let written = false;
    if (!dryRun && changed) {
      // Refuse rather than overwrite a change made since the file was read.
      const { handle: again } = await guard.openForRead(path);
      const now = await again.stat().finally(() => again.close());
      if (`${now.mtimeMs}:${now.size}:${now.ino}` !== version) {
        throw new ToolError(`path ${JSON.stringify(path)} changed while it was being edited; nothing was written.`, {
          hint: 'Read it again and retry the edit.',
          argument: 'path'
        });
      }
      await guard.writeFileAtomic(path, after);
      written = true;
    }
    const diff = truncateText(unifiedDiff(shown, before, after), contentBudget(resultBytes), {
      hint: 'read the file with read_text_file to see the result'
    }).text;
    const summary = `${dryRun ? 'Dry run: would make' : written ? 'Made' : 'No change:'} ${formatCount(replacements)} replacement(s) in ${shown}${changed ? '' : ' (the text is unchanged)'}.`;
    return {
      structured: { path: shown, replacements, changed, written, diff },
      text: `${summary}\n\n${diff}`
    };
  }
});
