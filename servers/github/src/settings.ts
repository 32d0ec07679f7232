import { defineSettings, setting, type ConfigOf } from '@mcp-catalog/shared';
import * as z from 'zod';

/** Every setting once: type, bounds and default on the zod field; flag and env names are derived. */
export const settings = defineSettings('github', {
  token: setting(z.string().min(1).optional(), {
    description:
      'Personal access token (classic or fine-grained) the server acts as. Without one only public data can be read, at 60 requests an hour.',
    env: ['GITHUB_PERSONAL_ACCESS_TOKEN', 'GITHUB_TOKEN'],
    secret: true,
    example: 'github_pat_...'
  }),
  apiUrl: setting(z.string().min(1).optional(), {
    description: 'REST API base URL, overriding --github-host: https, or http on loopback only (tests, local proxies).',
    env: 'GITHUB_API_URL',
    example: 'https://github.example.com/api/v3'
  }),
  githubHost: setting(z.string().min(1).optional(), {
    description:
      'GitHub Enterprise Server host (API at https://HOST/api/v3) or a ghe.com tenant (https://api.TENANT.ghe.com). Default github.com.',
    env: 'GITHUB_HOST',
    example: 'github.example.com'
  }),
  allowedRepos: setting(
    z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9-]{1,39}\/(?:\*|[A-Za-z0-9._-]{1,100})$/, 'each entry must be owner/repo or owner/*')
      )
      .default([]),
    {
      description:
        'Repositories the tools may touch (owner/repo or owner/*). Writes are always limited to these when set; reads too unless --allowed-repos-for writes.',
      example: 'octo/app,octo/*'
    }
  ),
  allowedReposFor: setting(z.enum(['all', 'writes']).default('all'), {
    description:
      'What --allowed-repos limits: "all" tools (default) or only "writes", leaving reads open (read public, write only here).',
    example: 'writes'
  }),
  lockdown: setting(z.boolean().default(false), {
    description:
      'On public repositories, withhold issue, comment and review text by people without push access (narrows injection; not an authorization boundary).'
  }),
  rateLimitWaitSeconds: setting(z.number().int().min(0).max(300).default(20), {
    description:
      'Longest one tool call waits in total for rate limits and retries before failing with the time to retry.',
    example: '20'
  }),
  maxConcurrency: setting(z.number().int().min(1).max(32).default(8), {
    description: 'GitHub requests in flight at once for the token; more queue.',
    example: '8'
  }),
  requestTimeoutSeconds: setting(z.number().int().min(1).max(300).default(30), {
    description: 'Longest one HTTP request to GitHub may take.',
    example: '30'
  })
});

export type Config = ConfigOf<typeof settings>;
