import * as z from 'zod';
import { repoArgs } from '../args.js';
import { idSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';

export const rerunWorkflowRun = defineTool({
  name: 'rerun_workflow_run',
  title: 'Re-run workflow run',
  description: 'Use to re-run an Actions run: all jobs, or only the failed ones (onlyFailed: true).',
  input: z.object({ ...repoArgs, runId: idSchema, onlyFailed: z.boolean().default(true) }),
  output: z.object({ runId: z.number(), onlyFailed: z.boolean() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler({ args, deps, signal }) {
    const { owner, repo, runId, onlyFailed } = args;
    guardRepo(deps, owner, repo, 'write');
    await deps.github
      .call(signal)
      .data(
        onlyFailed ? ROUTES.rerunFailedJobs : ROUTES.rerunRun,
        { owner, repo, runId },
        { target: `run ${runId} of ${owner}/${repo}` }
      );
    return {
      structured: { runId, onlyFailed },
      text: `Re-running ${onlyFailed ? 'the failed jobs of ' : ''}run ${runId} of ${owner}/${repo}.`
    };
  }
});
