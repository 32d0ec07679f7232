import { forServer } from '@mcp-catalog/shared';
import type { Deps } from './deps.js';
import type { Config } from './settings.js';

/** defineTool & co. typed for this server, so handlers see Config and Deps without annotations. */
export const { defineTool, defineResource, definePrompt } = forServer<Config, Deps>();
