import { forServer } from '@mcp-catalog/shared';
import type { Deps } from './deps.js';
import type { Config } from './settings.js';

export const { defineTool, defineResource, definePrompt } = forServer<Config, Deps>();
