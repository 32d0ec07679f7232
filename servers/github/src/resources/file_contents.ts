import { ResourceMissing } from '@mcp-catalog/shared';
import * as z from 'zod';
import { decodeContent, isBinary } from '../github/contents.js';
import { GitHubError } from '../github/errors.js';
import { ownerSchema, pathSchema, refSchema, repoSchema, ROUTES } from '../github/routes.js';
import { guardRepo } from '../guard.js';
import { defineResource } from '../kit.js';

// A resource read returns the whole file: keep it to what a client can hold.
const MAX_BYTES = 5_000_000;

export const fileContents = defineResource({
  name: 'file-contents',
  title: 'Repository file',
  description: 'One file of a repository at a ref (default branch without ?ref=); binary files come back as a blob.',
  uriTemplate: 'github://{owner}/{repo}/contents/{+path}{?ref}',
  variables: z.object({ owner: ownerSchema, repo: repoSchema, path: pathSchema, ref: refSchema.optional() }),
  async read({ variables: { owner, repo, path, ref }, deps, signal }) {
    guardRepo(deps, owner, repo, 'read');
    const gh = deps.github.call(signal);
    const target = `${owner}/${repo}:${path}${ref ? `@${ref}` : ''}`;
    let data: any;
    try {
      data = await gh.data<any>(ROUTES.contents, { owner, repo, path, ...(ref ? { ref } : {}) }, { target });
    } catch (error) {
      if (error instanceof GitHubError && error.kind === 'not_found') throw new ResourceMissing(`No file ${target}.`);
      throw error;
    }
    if (Array.isArray(data) || data.type !== 'file') throw new ResourceMissing(`${target} is not a file.`);
    if (data.size > MAX_BYTES)
      throw new ResourceMissing(
        `${target} is ${data.size} bytes, over the ${MAX_BYTES}-byte resource limit; read ranges with get_file_contents.`
      );
    let bytes = decodeContent(String(data.content ?? ''), String(data.encoding));
    if (!bytes || (bytes.length === 0 && data.size > 0))
      bytes = Buffer.from(
        String(
          (
            await gh.request<string>(
              ROUTES.contents,
              { owner, repo, path, ...(ref ? { ref } : {}) },
              { target, format: 'raw' }
            )
          ).data
        )
      );
    return isBinary(bytes)
      ? { blob: bytes.toString('base64'), mimeType: 'application/octet-stream' }
      : { text: bytes.toString('utf8'), mimeType: 'text/plain' };
  }
});
