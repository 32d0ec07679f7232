import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { idSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { untrusted } from '../text.js';

// Lines GitHub marks as errors, kept even when they fall outside the tail.
const ERROR_LINE = /##\[error\]|\bERROR\b|\bFAIL(?:ED)?\b/;

export const getJobLogs = defineTool({
  name: 'get_job_logs',
  title: 'Get job logs',
  description:
    "Use to read the end of one Actions job's log (the last tailLines lines, capped), with its error lines first.",
  input: z.object({
    ...repoArgs,
    jobId: idSchema,
    tailLines: z.number().int().min(1).max(2000).default(200),
    maxBytes: z.number().int().min(1000).max(200_000).default(30_000)
  }),
  output: z.object({
    jobId: z.number(),
    errorLines: z.array(z.string()),
    log: z.object({ untrusted: z.string() }),
    lines: z.number(),
    totalBytes: z.number(),
    truncated: z.boolean()
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, jobId } = args;
    guardRepo(deps, owner, repo, 'read');
    // Read a little more than shown, so the error scan sees beyond the tail.
    const log = await deps.github
      .call(signal)
      .download(ROUTES.jobLogs, { owner, repo, jobId }, Math.min(args.maxBytes * 4, 1_000_000), {
        target: `logs of job ${jobId}`
      });
    const all = log.text.split('\n');
    if (all.at(-1) === '') all.pop();
    if (log.truncated) all.shift(); // the first line of a cut log is partial
    const errorLines = all
      .filter((l) => ERROR_LINE.test(l))
      .slice(-20)
      .map((l) => l.slice(0, 500));
    const tail: string[] = [];
    let bytes = 0;
    for (let i = all.length - 1; i >= 0 && tail.length < args.tailLines; i--) {
      const cost = Buffer.byteLength(all[i]!) + 1;
      if (bytes + cost > args.maxBytes) break;
      tail.unshift(all[i]!);
      bytes += cost;
    }
    const truncated = log.truncated || tail.length < all.length;
    const reply = new Reply().line(
      `job ${jobId}: last ${tail.length} lines of ${log.totalBytes} bytes${truncated ? ' (earlier lines not shown)' : ''}`
    );
    if (errorLines.length) reply.raw('error lines', errorLines.join('\n'));
    reply.raw('job log tail', tail.join('\n'));
    return {
      structured: {
        jobId,
        errorLines,
        log: untrusted(tail.join('\n')),
        lines: tail.length,
        totalBytes: log.totalBytes,
        truncated
      },
      text: reply.toString()
    };
  }
});
