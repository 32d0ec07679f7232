import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { GitHubError } from '../github/errors.js';
import { filesFromPatches, pageDiff, parseUnifiedDiff, type DiffFile } from '../github/diff.js';
import { numberSchema, ROUTES } from '../github/routes.js';
import { diffArgs, diffFooter, diffOutput, diffStructured } from '../diffview.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';

// Files fetched per page when GitHub refuses the whole diff (406) and it is read file by file.
const FILES_PER_REQUEST = 30;

export const getPullRequestDiff = defineTool({
  name: 'get_pull_request_diff',
  title: 'Get pull request diff',
  description:
    "Use to read a pull request's diff one page at a time: by file and hunk within maxBytes, saying how many files and lines remain. Works past GitHub's diff size limit.",
  input: z.object({ ...repoArgs, pullNumber: numberSchema, ...diffArgs }),
  output: z.object({ ...diffOutput, source: z.enum(['diff', 'files']) }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, pullNumber } = args;
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const target = `${owner}/${repo}#${pullNumber}`;
    let page;
    let source: 'diff' | 'files' = 'diff';
    try {
      const diff = await gh.request<string>(
        ROUTES.pull,
        { owner, repo, pullNumber },
        { target: `diff of ${target}`, format: 'diff' }
      );
      page = pageDiff(parseUnifiedDiff(String(diff.data)), args);
    } catch (error) {
      if (!(error instanceof GitHubError) || error.kind !== 'diff_too_large') throw error;
      // Too large to render whole: the files API pages through every file with its patch.
      source = 'files';
      const pr = await gh.data<any>(ROUTES.pull, { owner, repo, pullNumber }, { target: `pull request ${target}` });
      const window = await gh.page<any>(
        ROUTES.pullFiles,
        { owner, repo, pullNumber },
        { offset: args.fileOffset, limit: FILES_PER_REQUEST },
        { target: `files of ${target}` }
      );
      const files: DiffFile[] = filesFromPatches(window.items);
      page = pageDiff(files, {
        ...args,
        baseFileIndex: args.fileOffset,
        totalFiles: Math.max(pr.changed_files ?? 0, args.fileOffset + files.length)
      });
    }
    const reply = new Reply().line(
      `${target} diff (${source === 'files' ? 'GitHub refused the whole diff as too large; read file by file' : 'unified'})`
    );
    reply.raw('diff', page.text);
    reply.line(diffFooter(page));
    return { structured: { ...diffStructured(page), source }, text: reply.toString() };
  }
});
