import * as z from 'zod';
import { CREATE, repoArgs } from '../args.js';
import { branchSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeLine, safeText } from '../text.js';

export const createPullRequest = defineTool({
  name: 'create_pull_request',
  title: 'Create pull request',
  description: 'Use to open a pull request from a head branch (or "user:branch" of a fork) into a base branch.',
  input: z
    .object({
      ...repoArgs,
      title: safeLine({ max: 256, label: 'title' }),
      head: z
        .string()
        .min(1)
        .max(300)
        .refine((h) => /^(?:[A-Za-z0-9-]{1,39}:)?[^:]+$/.test(h), 'head must be "branch" or "owner:branch"')
        .describe('Branch with the changes, or owner:branch.'),
      base: branchSchema,
      body: safeText({ max: 65_536, min: 0, label: 'body' }).optional(),
      draft: z.boolean().default(false)
    })
    .superRefine((v, ctx) => {
      // The branch part of head obeys the same ref rules as base.
      const branch = v.head.includes(':') ? v.head.slice(v.head.indexOf(':') + 1) : v.head;
      const check = branchSchema.safeParse(branch);
      if (!check.success)
        ctx.addIssue({
          code: 'custom',
          path: ['head'],
          message: check.error.issues[0]?.message ?? 'head is not a valid branch'
        });
    }),
  output: z.object({ number: z.number(), url: z.string(), headSha: z.string() }),
  annotations: CREATE,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'write');
    const pr = await deps.github.call(signal).data<any>(
      ROUTES.createPull,
      {
        owner,
        repo,
        title: args.title,
        head: args.head,
        base: args.base,
        draft: args.draft,
        ...(args.body ? { body: args.body } : {})
      },
      { target: `new pull request in ${owner}/${repo}` }
    );
    return {
      structured: { number: pr.number, url: pr.html_url, headSha: pr.head?.sha },
      text: `Opened ${owner}/${repo}#${pr.number} (${args.head} → ${args.base}, head ${pr.head?.sha}): ${pr.html_url}`
    };
  }
});
