import * as z from 'zod';
import type { DiffPage } from './github/diff.js';

/** The diff-page arguments and output shared by get_commit, compare_refs and get_pull_request_diff. */
export const diffArgs = {
  fileOffset: z.number().int().min(0).default(0).describe('File to start at; the previous next.fileOffset.'),
  hunkOffset: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Hunk to start at within that file; the previous next.hunkOffset.'),
  maxBytes: z.number().int().min(1000).max(100_000).default(20_000)
};

export const diffOutput = {
  files: z.array(
    z.object({
      path: z.string(),
      status: z.string(),
      additions: z.number(),
      deletions: z.number(),
      hunks: z.string(),
      truncated: z.boolean().optional()
    })
  ),
  totalFiles: z.number(),
  remainingFiles: z.number(),
  remainingLines: z.number(),
  next: z.object({ fileOffset: z.number(), hunkOffset: z.number() }).optional()
};

export function diffStructured(page: DiffPage) {
  return {
    files: page.files,
    totalFiles: page.totalFiles,
    remainingFiles: page.remainingFiles,
    remainingLines: page.remainingLines,
    ...(page.next ? { next: page.next } : {})
  };
}

export function diffFooter(page: DiffPage): string {
  return page.next
    ? `${page.remainingFiles} of ${page.totalFiles} files (${page.remainingLines} diff lines) remain; more with fileOffset=${page.next.fileOffset} hunkOffset=${page.next.hunkOffset}.`
    : `End of diff (${page.totalFiles} files).`;
}
