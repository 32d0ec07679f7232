/**
 * The untrusted-text helpers the tools use, from @mcp-catalog/shared's text/ (the fence lifted
 * from support-tickets), re-exported in one place so the tools import from one module.
 */
export {
  defangMarkdown,
  Fence,
  safeLine,
  safeText,
  singleLine,
  stripHidden,
  untrusted,
  untrustedNotice
} from '@mcp-catalog/shared';
