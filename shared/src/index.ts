export * from './log/index.js';
export * from './tool/index.js';
export * from './runtime/index.js';
export * from './truncate/index.js';
export * from './retry/index.js';
export * from './paths/index.js';
export * from './sqlite/index.js';
export * from './net/index.js';
