export { defineServer, forServer, allTools, toolProblems } from './define.js';
export type {
  ServerManifest,
  AnyServerManifest,
  CatalogTool,
  AnyCatalogTool,
  CatalogResource,
  AnyCatalogResource,
  CatalogPrompt,
  AnyCatalogPrompt,
  Toolset,
  ToolHints,
  ToolCall,
  CallContext,
  ResourceRead,
  ResourceBody,
  PromptCall,
  ConnectContext,
  TextFragment
} from './define.js';
export { setting, defineSettings, specsOf, defaultOf, envPrefix, kebab } from './settings.js';
export type { SettingMeta, SettingsDefinition, ConfigOf } from './settings.js';
export { selectTools, composeInstructions, describeTool, danglingMentions } from './select.js';
export type { ToolSelection } from './select.js';
export { manifestSettings, prepareManifest, renderToolsetsHelp } from './prepare.js';
export type { PreparedManifest } from './prepare.js';
export { ResourceMissing } from './register.js';
export { pageInput, pageOutput, pageOf, cursorInput, cursorOutput, pageNotice } from './paging.js';
export type { PageFields } from './paging.js';
export { nonCamelCaseFields, didYouMean, editDistance } from './naming.js';
export { renderManifestDocs, renderCommonSettingsDocs, withManifestDocs, DOCS_START, DOCS_END } from './docs.js';
export { registryServerJson, renderHostConfigs, launches, secretEnvNames, imageOf, SERVER_SCHEMA } from './hosts.js';
export type { PackageInfo } from './hosts.js';
