import * as z from 'zod';
import { CREATE, repoArgs } from '../args.js';
import { refSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { safeLine, safeText } from '../text.js';

export const createRelease = defineTool({
  name: 'create_release',
  title: 'Create release',
  description:
    'Use to publish a release (or save a draft) for a tag; the tag is created from target if it does not exist.',
  input: z.object({
    ...repoArgs,
    tag: refSchema.describe('Tag name, e.g. v1.3.0.'),
    target: refSchema.optional().describe('Branch or SHA the new tag points at; default branch if omitted.'),
    name: safeLine({ max: 256, label: 'name' }).optional(),
    notes: safeText({ max: 125_000, min: 0, label: 'notes' }).optional(),
    draft: z.boolean().default(true),
    prerelease: z.boolean().default(false)
  }),
  output: z.object({ id: z.number(), tag: z.string(), draft: z.boolean(), url: z.string() }),
  annotations: CREATE,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'write');
    const r = await deps.github.call(signal).data<any>(
      ROUTES.createRelease,
      {
        owner,
        repo,
        tag_name: args.tag,
        ...(args.target ? { target_commitish: args.target } : {}),
        ...(args.name ? { name: args.name } : {}),
        ...(args.notes ? { body: args.notes } : {}),
        draft: args.draft,
        prerelease: args.prerelease
      },
      { target: `release ${args.tag} of ${owner}/${repo}` }
    );
    return {
      structured: { id: r.id, tag: r.tag_name, draft: !!r.draft, url: r.html_url },
      text: `${r.draft ? 'Drafted' : 'Published'} release ${r.tag_name} of ${owner}/${repo}: ${r.html_url}`
    };
  }
});
