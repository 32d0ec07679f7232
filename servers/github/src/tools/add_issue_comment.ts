import * as z from 'zod';
import { CREATE, repoArgs } from '../args.js';
import { numberSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeText } from '../text.js';

export const addIssueComment = defineTool({
  name: 'add_issue_comment',
  title: 'Comment on issue or pull request',
  description:
    "Use to post a comment on an issue or a pull request's conversation; it is public to everyone who can see the repository.",
  seeAlso: { create_pull_request_review: 'for review comments on lines of a pull request' },
  input: z.object({ ...repoArgs, issueNumber: numberSchema, body: safeText({ max: 65_536, label: 'body' }) }),
  output: z.object({ id: z.number(), url: z.string(), bytes: z.number() }),
  annotations: CREATE,
  async handler({ args, deps, signal }) {
    const { owner, repo, issueNumber } = args;
    guardRepo(deps, owner, repo, 'write');
    const c = await deps.github
      .call(signal)
      .data<any>(
        ROUTES.addIssueComment,
        { owner, repo, issueNumber, body: args.body },
        { target: `${owner}/${repo}#${issueNumber}` }
      );
    const bytes = Buffer.byteLength(String(c.body ?? ''));
    const same = c.body === args.body;
    return {
      structured: { id: c.id, url: c.html_url, bytes },
      text: `Commented on ${owner}/${repo}#${issueNumber} (${bytes} bytes${same ? '' : ', GitHub stored a different text than sent'}): ${c.html_url}`
    };
  }
});
