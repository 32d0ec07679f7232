import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { idSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { run, runLine, runView } from '../runs.js';
import { label } from '../shape.js';

export const getWorkflowRun = defineTool({
  name: 'get_workflow_run',
  title: 'Get workflow run',
  description: 'Use for one Actions run: its jobs, their conclusions and failed steps, failures first.',
  seeAlso: { get_job_logs: "for a failed job's log" },
  input: z.object({ ...repoArgs, runId: idSchema }),
  output: z.object({
    run: runView,
    jobs: z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        status: z.string(),
        conclusion: z.string().optional(),
        failedSteps: z.array(z.string())
      })
    )
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, runId } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const target = `run ${runId} of ${owner}/${repo}`;
    const [r, j] = await Promise.all([
      gh.data<any>(ROUTES.workflowRun, { owner, repo, runId }, { target }),
      gh.data<any>(ROUTES.workflowRunJobs, { owner, repo, runId, per_page: 100 }, { target: `jobs of ${target}` })
    ]);
    const failedFirst = (x: { conclusion?: string }) => (x.conclusion === 'failure' ? 0 : 1);
    const jobs = ((j.jobs ?? []) as any[])
      .map((job) => ({
        id: job.id,
        name: label(job.name, 200),
        status: job.status,
        ...(job.conclusion ? { conclusion: job.conclusion } : {}),
        failedSteps: ((job.steps ?? []) as any[])
          .filter((s) => s.conclusion === 'failure')
          .map((s) => label(s.name, 200))
      }))
      .sort((a, b) => failedFirst(a) - failedFirst(b));
    const view = run(r);
    const reply = new Reply().line(runLine(view));
    reply.raw(
      'jobs',
      jobs
        .map(
          (x) =>
            `job ${x.id} ${x.name}: ${x.conclusion ?? x.status}${x.failedSteps.length ? ` — failed: ${x.failedSteps.join(', ')}` : ''}`
        )
        .join('\n')
    );
    return { structured: { run: view, jobs }, text: reply.toString() };
  }
});
