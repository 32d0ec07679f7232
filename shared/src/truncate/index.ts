export {
  DEFAULT_LIMITS,
  formatBytes,
  formatCount,
  type NextPage,
  type OutputLimits,
  type PageOptions,
  type Truncation,
  type TruncationUnit
} from './notice.js';
export { truncateText, utf8SliceEnd, type TextTruncationOptions } from './text.js';
export { capItems, capRows, type ListCapOptions } from './list.js';
export { createTruncator, resolveLimits, type Truncator } from './limits.js';
