import * as z from 'zod';
import { READ, repoArgs, window } from '../args.js';
import { numberSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { fileChange, fileChangeView, more, pageFields, pageInfo, prose, pull, pullLine, pullView } from '../shape.js';

export const getPullRequest = defineTool({
  name: 'get_pull_request',
  title: 'Get pull request',
  description:
    'Use for one pull request: description, head SHA, mergeability, check results and its changed files (paged by offset/limit).',
  seeAlso: { get_pull_request_diff: 'for the diff itself', list_pull_request_reviews: 'for reviews and line comments' },
  input: z.object({ ...repoArgs, pullNumber: numberSchema, ...window(50) }),
  output: z.object({
    pullRequest: pullView,
    headSha: z.string(),
    body: z.object({ untrusted: z.string() }).optional(),
    withheld: z.boolean().optional(),
    merged: z.boolean(),
    mergeable: z.boolean().nullable(),
    mergeableState: z.string().optional(),
    additions: z.number(),
    deletions: z.number(),
    changedFiles: z.number(),
    checks: z.object({ passed: z.number(), failed: z.number(), pending: z.number(), failing: z.array(z.string()) }),
    files: z.array(fileChangeView),
    ...pageFields
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, pullNumber } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const target = `${owner}/${repo}#${pullNumber}`;
    const data = await gh.data<any>(ROUTES.pull, { owner, repo, pullNumber }, { target: `pull request ${target}` });
    const headSha = String(data.head?.sha);
    const [files, runs] = await Promise.all([
      gh.page<any>(ROUTES.pullFiles, { owner, repo, pullNumber }, args, { target: `files of ${target}` }),
      gh
        .data<any>(ROUTES.checkRuns, { owner, repo, ref: headSha, per_page: 100 }, { target: `checks of ${target}` })
        .catch(() => ({ check_runs: [] }))
    ]);
    const checkRuns = (runs.check_runs ?? []) as any[];
    const failing = checkRuns
      .filter((r) => ['failure', 'timed_out', 'cancelled', 'action_required'].includes(r.conclusion))
      .map((r) => String(r.name));
    const checks = {
      passed: checkRuns.filter((r) => ['success', 'neutral', 'skipped'].includes(r.conclusion)).length,
      failed: failing.length,
      pending: checkRuns.filter((r) => r.status !== 'completed').length,
      failing: failing.slice(0, 20)
    };
    const view = pull(data);
    const show = await deps.lockdown.mayShow(gh, owner, repo, data.user?.login, data.author_association);
    const changed = files.items.map(fileChange);
    const reply = new Reply().line(pullLine(view));
    reply.line(
      `head ${headSha} · +${data.additions} -${data.deletions} in ${data.changed_files} files · mergeable ${data.mergeable ?? 'unknown'} (${data.mergeable_state ?? '?'}) · checks ${checks.passed} passed, ${checks.failed} failed${failing.length ? ` (${failing.join(', ')})` : ''}, ${checks.pending} pending`
    );
    if (show) reply.block('pull request description', data.body);
    else reply.line('[description withheld: --lockdown, author has no push access]');
    reply.raw(
      'changed files',
      changed
        .map(
          (f) => `${f.status} ${f.previousPath ? `${f.previousPath} -> ` : ''}${f.path} +${f.additions} -${f.deletions}`
        )
        .join('\n')
    );
    reply.line(more(args, changed.length, { ...files, total: data.changed_files }, 'files'));
    return {
      structured: {
        pullRequest: view,
        headSha,
        ...(show ? { body: prose(data.body) } : { withheld: true }),
        merged: !!data.merged,
        mergeable: data.mergeable ?? null,
        ...(data.mergeable_state ? { mergeableState: data.mergeable_state } : {}),
        additions: data.additions ?? 0,
        deletions: data.deletions ?? 0,
        changedFiles: data.changed_files ?? 0,
        checks,
        files: changed,
        ...pageInfo(args, changed.length, { ...files, total: data.changed_files })
      },
      text: reply.toString()
    };
  }
});
