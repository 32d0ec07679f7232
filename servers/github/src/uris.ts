/** github://owner/repo/contents/path?ref=..., the file-contents resource's URI. */
export function contentsUri(owner: string, repo: string, path: string, ref?: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `github://${owner}/${repo}/contents/${encoded}${ref ? `?ref=${encodeURIComponent(ref)}` : ''}`;
}
