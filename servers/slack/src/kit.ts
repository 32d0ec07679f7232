import { forServer } from '@mcp-catalog/shared';
import type { Config } from './settings.js';
import type { Deps } from './deps.js';

export const { defineTool, defineResource, definePrompt } = forServer<Config, Deps>();
export { ToolError } from '@mcp-catalog/shared';
