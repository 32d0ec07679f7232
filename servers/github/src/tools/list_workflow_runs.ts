import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { branchSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { run, runLine, runView } from '../runs.js';
import { more, pageFields, pageInfo } from '../shape.js';

export const listWorkflowRuns = defineTool({
  name: 'list_workflow_runs',
  title: 'List workflow runs',
  description:
    'Use to list recent GitHub Actions runs of a repository, newest first, by branch or status (e.g. failure).',
  seeAlso: { get_workflow_run: "for one run's jobs" },
  input: z.object({
    ...repoArgs,
    branch: branchSchema.optional(),
    status: z.enum(['completed', 'in_progress', 'queued', 'success', 'failure', 'cancelled']).optional(),
    ...window(20)
  }),
  output: z.object({ runs: z.array(runView), ...pageFields }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const page = await deps.github.call(signal).page<any>(
      ROUTES.workflowRuns,
      {
        owner,
        repo,
        ...(args.branch ? { branch: args.branch } : {}),
        ...(args.status ? { status: args.status } : {})
      },
      args,
      {
        target: `workflow runs of ${owner}/${repo}`,
        pick: (d: any) => ({ items: d.workflow_runs ?? [], total: d.total_count })
      }
    );
    const runs = page.items.map(run);
    const reply = new Reply();
    if (runs.length) reply.raw('workflow runs', runs.map(runLine).join('\n'));
    reply.line(more(args, runs.length, page, 'runs'));
    return { structured: { runs, ...pageInfo(args, runs.length, page) }, text: reply.toString() };
  }
});
