import { extname } from 'node:path';

export type MediaKind = 'image' | 'audio';

/** Types MCP hosts render as image or audio content, by file extension. */
const MEDIA: Record<string, { mimeType: string; kind: MediaKind }> = {
  '.png': { mimeType: 'image/png', kind: 'image' },
  '.jpg': { mimeType: 'image/jpeg', kind: 'image' },
  '.jpeg': { mimeType: 'image/jpeg', kind: 'image' },
  '.gif': { mimeType: 'image/gif', kind: 'image' },
  '.webp': { mimeType: 'image/webp', kind: 'image' },
  '.bmp': { mimeType: 'image/bmp', kind: 'image' },
  '.svg': { mimeType: 'image/svg+xml', kind: 'image' },
  '.ico': { mimeType: 'image/x-icon', kind: 'image' },
  '.avif': { mimeType: 'image/avif', kind: 'image' },
  '.mp3': { mimeType: 'audio/mpeg', kind: 'audio' },
  '.wav': { mimeType: 'audio/wav', kind: 'audio' },
  '.ogg': { mimeType: 'audio/ogg', kind: 'audio' },
  '.oga': { mimeType: 'audio/ogg', kind: 'audio' },
  '.flac': { mimeType: 'audio/flac', kind: 'audio' },
  '.m4a': { mimeType: 'audio/mp4', kind: 'audio' },
  '.aac': { mimeType: 'audio/aac', kind: 'audio' },
  '.opus': { mimeType: 'audio/opus', kind: 'audio' },
  '.weba': { mimeType: 'audio/webm', kind: 'audio' }
};

export const MEDIA_EXTENSIONS = Object.keys(MEDIA);

/** The MIME type and content kind of an image or audio file, or undefined for anything else. */
export function mediaTypeOf(path: string): { mimeType: string; kind: MediaKind } | undefined {
  return MEDIA[extname(path).toLowerCase()];
}

const TEXT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.csv': 'text/csv',
  '.xml': 'application/xml',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.ts': 'text/x-typescript',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml'
};

/** A MIME type for a resource read: media types, a few common text types, else generic text or bytes. */
export function mimeTypeOf(path: string, binary: boolean): string {
  return (
    mediaTypeOf(path)?.mimeType ??
    TEXT_TYPES[extname(path).toLowerCase()] ??
    (binary ? 'application/octet-stream' : 'text/plain')
  );
}
