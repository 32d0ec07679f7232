/** How much of a file's start is sniffed for NUL bytes, as git does to call a file binary. */
export const SNIFF_BYTES = 8000;

/**
 * A file is treated as binary when its first bytes contain a NUL (UTF-8 text never does). Kept
 * free of imports: the scan worker thread loads it, and must start fast.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, SNIFF_BYTES).includes(0);
}
