import * as z from 'zod';
import { ownerSchema, repoSchema } from './github/routes.js';

/** owner + repo, the first two arguments of nearly every tool. */
export const repoArgs = { owner: ownerSchema, repo: repoSchema };

/** offset/limit mapped onto GitHub's page/per_page (see GitHubCall.page). */
export function window(defaultLimit: number, maxLimit = 100) {
  return {
    offset: z.number().int().min(0).max(10_000).default(0),
    limit: z.number().int().min(1).max(maxLimit).default(defaultLimit)
  };
}

export const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;
/** Adds something new (issue, comment, branch): not destructive, not idempotent. */
export const CREATE = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true
} as const;
/** Changes or removes what exists. */
export const CHANGE = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true
} as const;
