import * as z from 'zod';
import { label } from './shape.js';

export const runView = z.object({
  id: z.number(),
  name: z.string(),
  title: z.string(),
  status: z.string(),
  conclusion: z.string().optional(),
  branch: z.string(),
  event: z.string(),
  runNumber: z.number(),
  attempt: z.number(),
  headSha: z.string(),
  createdAt: z.string(),
  url: z.string()
});

export function run(r: any): z.infer<typeof runView> {
  return {
    id: r.id,
    name: label(r.name, 100),
    title: label(r.display_title ?? r.name, 200),
    status: r.status,
    ...(r.conclusion ? { conclusion: r.conclusion } : {}),
    branch: label(r.head_branch ?? '', 255),
    event: r.event,
    runNumber: r.run_number,
    attempt: r.run_attempt ?? 1,
    headSha: r.head_sha,
    createdAt: r.created_at,
    url: r.html_url
  };
}

export function runLine(r: z.infer<typeof runView>): string {
  return `${r.id} ${r.name} #${r.runNumber} ${r.conclusion ?? r.status} on ${r.branch} (${r.event}) ${r.createdAt.slice(0, 10)} "${r.title}"`;
}
