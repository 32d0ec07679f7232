import * as z from 'zod';
import { READ, repoArgs } from '../args.js';
import { decodeContent, isBinary, sliceLines } from '../github/contents.js';
import { pathSchema, refSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineTool } from '../kit.js';
import { Reply } from '../render.js';
import { untrusted } from '../text.js';
import { contentsUri } from '../uris.js';

const MAX_ENTRIES = 300;

export const getFileContents = defineTool({
  name: 'get_file_contents',
  title: 'Get file contents',
  description:
    'Use to read one file (by line range, capped, with where to continue) or list one directory. Binary files come back as a resource link.',
  seeAlso: {
    get_repository_tree: 'to find files across the whole repository',
    search_code: 'to find where something is written'
  },
  input: z.object({
    ...repoArgs,
    path: pathSchema.optional().describe('File or directory; omit for the root.'),
    ref: refSchema.optional().describe('Default: the default branch.'),
    startLine: z.number().int().min(1).default(1),
    endLine: z.number().int().min(1).optional(),
    maxBytes: z.number().int().min(1000).max(200_000).default(30_000)
  }),
  output: z.object({
    path: z.string(),
    type: z.enum(['file', 'dir']),
    sha: z.string().optional(),
    size: z.number().optional(),
    startLine: z.number().optional(),
    endLine: z.number().optional(),
    totalLines: z.number().optional(),
    nextLine: z.number().optional(),
    binary: z.boolean().optional(),
    content: z.object({ untrusted: z.string() }).optional(),
    entries: z.array(z.object({ name: z.string(), type: z.string(), size: z.number() })).optional(),
    moreEntries: z.number().optional()
  }),
  annotations: READ,
  async handler({ args, deps, signal }) {
    const { owner, repo, ref } = args;
    guardRepo(deps, owner, repo, 'read');
    const path = args.path ?? '';
    const gh = deps.github.call(signal);
    const where = `${owner}/${repo}:${path || '/'}${ref ? `@${ref}` : ''}`;
    const data = await gh.data<any>(
      path ? ROUTES.contents : ROUTES.rootContents,
      { owner, repo, ...(path ? { path } : {}), ...(ref ? { ref } : {}) },
      { target: where }
    );

    if (Array.isArray(data)) {
      const entries = data
        .slice(0, MAX_ENTRIES)
        .map((e: any) => ({ name: String(e.name), type: e.type === 'dir' ? 'dir' : e.type, size: e.size ?? 0 }));
      const rest = data.length - entries.length;
      const reply = new Reply().line(`${where} — ${data.length} entries`);
      reply.raw(
        'directory listing',
        entries
          .map((e) => `${e.type === 'dir' ? 'd' : '-'} ${e.name}${e.type === 'dir' ? '/' : ` (${e.size} B)`}`)
          .join('\n')
      );
      if (rest) reply.line(`${rest} more entries not shown; use get_repository_tree with a glob.`);
      return {
        structured: { path, type: 'dir' as const, entries, ...(rest ? { moreEntries: rest } : {}) },
        text: reply.toString()
      };
    }
    if (data.type !== 'file')
      return {
        structured: { path, type: 'file' as const, sha: data.sha },
        text: `${where} is a ${data.type} (not a regular file).`
      };

    let bytes = decodeContent(String(data.content ?? ''), String(data.encoding));
    if (!bytes || (bytes.length === 0 && data.size > 0)) {
      // Over 1 MB GitHub sends no content; the raw media type returns it (up to 100 MB).
      const raw = await gh.request<string>(
        ROUTES.contents,
        { owner, repo, path, ...(ref ? { ref } : {}) },
        { target: where, format: 'raw' }
      );
      bytes = Buffer.from(String(raw.data));
    }
    const link = {
      type: 'resource_link' as const,
      uri: contentsUri(owner, repo, path, ref),
      name: path.split('/').at(-1) ?? path
    };
    if (isBinary(bytes))
      return {
        structured: { path, type: 'file' as const, sha: data.sha, size: data.size, binary: true },
        text: `${where} is binary (${data.size} bytes, blob ${data.sha}); read it through the resource link.`,
        content: [link]
      };
    const slice = sliceLines(bytes, {
      startLine: args.startLine,
      ...(args.endLine ? { endLine: args.endLine } : {}),
      maxBytes: args.maxBytes
    });
    const reply = new Reply().line(
      `${where} · blob ${data.sha} · ${data.size} bytes · lines ${slice.startLine}-${slice.endLine} of ${slice.totalLines}`
    );
    reply.raw(`file ${path}`, slice.text);
    if (slice.nextLine)
      reply.line(`More: startLine=${slice.nextLine}${slice.truncatedBy === 'bytes' ? ' (stopped at maxBytes)' : ''}.`);
    return {
      structured: {
        path,
        type: 'file' as const,
        sha: data.sha,
        size: data.size,
        startLine: slice.startLine,
        endLine: slice.endLine,
        totalLines: slice.totalLines,
        ...(slice.nextLine ? { nextLine: slice.nextLine } : {}),
        content: untrusted(slice.text)
      },
      text: reply.toString()
    };
  }
});
