import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { refSchema, ROUTES } from '../github/routes.js';
import { globToRegExp } from '../glob.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';

export const getRepositoryTree = defineTool({
  name: 'get_repository_tree',
  title: 'Get repository tree',
  description: 'Use to list a repository\'s files recursively, optionally filtered by a glob ("src/**/*.ts"), paged.',
  seeAlso: { get_file_contents: 'to read one file or directory' },
  input: z.object({
    ...repoArgs,
    ref: refSchema.optional().describe('Default: the default branch.'),
    glob: z
      .string()
      .min(1)
      .max(100)
      .refine((g) => (g.match(/[*?{]/g) ?? []).length <= 8, 'glob may have at most 8 wildcards')
      .optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(200)
  }),
  output: z.object({
    sha: z.string(),
    entries: z.array(z.object({ path: z.string(), type: z.string(), size: z.number().optional() })),
    total: z.number(),
    nextOffset: z.number().optional(),
    githubTruncated: z.boolean().optional()
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const ref =
      args.ref ??
      (await gh.data<any>(ROUTES.repo, { owner, repo }, { target: `repository ${owner}/${repo}` })).default_branch;
    const tree = await gh.data<any>(
      ROUTES.tree,
      { owner, repo, treeSha: ref, recursive: '1' },
      { target: `tree of ${owner}/${repo}@${ref}` }
    );
    const match = args.glob ? globToRegExp(args.glob) : undefined;
    const all = (tree.tree as any[]).filter((e) => !match || match.test(e.path));
    const entries = all.slice(args.offset, args.offset + args.limit).map((e) => ({
      path: String(e.path),
      type: e.type === 'tree' ? 'dir' : e.type === 'commit' ? 'submodule' : 'file',
      ...(e.size !== undefined ? { size: e.size } : {})
    }));
    const next = args.offset + entries.length < all.length ? args.offset + entries.length : undefined;
    const reply = new Reply().line(
      `${owner}/${repo}@${ref} tree ${tree.sha}: ${all.length} entries${args.glob ? ` matching ${args.glob}` : ''}`
    );
    reply.raw('file paths', entries.map((e) => (e.type === 'dir' ? `${e.path}/` : e.path)).join('\n'));
    if (next !== undefined) reply.line(`More: offset=${next}.`);
    if (tree.truncated)
      reply.line('GitHub truncated this tree (over 100 000 entries); narrow with get_file_contents on a folder.');
    return {
      structured: {
        sha: tree.sha,
        entries,
        total: all.length,
        ...(next !== undefined ? { nextOffset: next } : {}),
        ...(tree.truncated ? { githubTruncated: true } : {})
      },
      text: reply.toString()
    };
  }
});
