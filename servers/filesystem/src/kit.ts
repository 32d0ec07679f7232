import { forServer } from '@mcp-catalog/shared';
import type { Deps } from './deps.js';
import type { Scope } from './fs/scope.js';
import type { Config } from './settings.js';

/** Per connection (stdio) or per request (HTTP): the directories this client may use. */
export interface Session {
  scope: Scope;
}

/** defineTool & co. typed for this server, so handlers see Config, Deps and Session without annotations. */
export const { defineTool, defineResource, definePrompt } = forServer<Config, Deps, Session>();
