import * as z from 'zod';
import { READ } from '../args.js';
import { ROUTES } from '../github/routes.js';
import { defineTool } from '../kit.js';
import { label } from '../shape.js';

export const getMe = defineTool({
  name: 'get_me',
  title: 'Who am I',
  description: 'Use first to learn which GitHub account the token acts as (login, name, plan) before acting for "me".',
  input: z.object({}),
  output: z.object({
    login: z.string(),
    name: z.string().optional(),
    company: z.string().optional(),
    publicRepos: z.number().optional(),
    plan: z.string().optional()
  }),
  annotations: READ,
  async handler({ deps, signal }) {
    const me = await deps.github.call(signal).data<any>(ROUTES.me, {}, { target: 'the authenticated user' });
    const structured = {
      login: me.login,
      ...(me.name ? { name: label(me.name, 100) } : {}),
      ...(me.company ? { company: label(me.company, 100) } : {}),
      ...(typeof me.public_repos === 'number' ? { publicRepos: me.public_repos } : {}),
      ...(me.plan?.name ? { plan: me.plan.name } : {})
    };
    return {
      structured,
      text: [structured.login, structured.name, structured.company, structured.plan && `plan ${structured.plan}`]
        .filter(Boolean)
        .join(' · ')
    };
  }
});
