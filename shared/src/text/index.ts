export { HIDDEN_CHARACTERS, stripHidden, singleLine, codePointName } from './characters.js';
export { Fence, untrusted, untrustedNotice } from './fence.js';
export { stripHtmlComments, flagRemoteImages, defangMarkdown } from './markup.js';
export { safeLine, safeText } from './schemas.js';
export type { SafeTextOptions } from './schemas.js';
