import * as z from 'zod';
import { label, prose } from './shape.js';

export const releaseView = z.object({
  tag: z.string(),
  name: z.string(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  publishedAt: z.string().optional(),
  author: z.string(),
  assets: z.number(),
  downloads: z.number(),
  url: z.string(),
  notes: z.object({ untrusted: z.string() }).optional()
});

export function release(r: any, withNotes: boolean): z.infer<typeof releaseView> {
  const assets = (r.assets ?? []) as any[];
  return {
    tag: label(r.tag_name, 100),
    name: label(r.name ?? r.tag_name, 200),
    draft: !!r.draft,
    prerelease: !!r.prerelease,
    ...(r.published_at ? { publishedAt: r.published_at } : {}),
    author: r.author?.login ?? 'ghost',
    assets: assets.length,
    downloads: assets.reduce((sum, a) => sum + (a.download_count ?? 0), 0),
    url: r.html_url,
    ...(withNotes ? { notes: prose(r.body) } : {})
  };
}

export function releaseLine(r: z.infer<typeof releaseView>): string {
  return `${r.tag} "${r.name}"${r.draft ? ' draft' : ''}${r.prerelease ? ' prerelease' : ''} ${r.publishedAt?.slice(0, 10) ?? 'unpublished'} by ${r.author} · ${r.assets} assets, ${r.downloads} downloads`;
}
