import { defineSettings, setting, type ConfigOf } from '@mcp-catalog/shared';
import * as z from 'zod';
import { parseOriginRule } from './browser/origins.js';

/** An origin rule, checked at start-up so a typo fails there and not on the first page. */
const originRule = z
  .string()
  .min(1)
  .max(300)
  .superRefine((value, ctx) => {
    try {
      parseOriginRule(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

export const settings = defineSettings('puppeteer', {
  executablePath: setting(z.string().min(1).optional(), {
    description:
      'Chrome or Chromium binary to drive. Unset: the usual install locations of Linux, macOS and Windows are searched.',
    aliases: ['CHROMIUM_PATH'],
    example: '/usr/bin/chromium'
  }),
  headless: setting(z.boolean().default(true), {
    description: 'Run the browser without a window (--no-headless shows it).'
  }),
  sandbox: setting(z.boolean().default(true), {
    description: "Chromium's sandbox. Containers and CI running as root need --no-sandbox; never turn it off elsewhere."
  }),
  userDataDir: setting(z.string().min(1).optional(), {
    description: 'A persistent browser profile. Unset: an isolated temporary profile, removed on exit.',
    example: '/home/me/.cache/mcp-browser-profile'
  }),
  storageState: setting(z.string().min(1).optional(), {
    description:
      "Cookies and localStorage (Playwright's storage-state JSON: cookies plus origins[].localStorage) loaded into the browser at launch. A file that cannot be read or parsed stops start-up.",
    example: '/home/me/.config/mcp-browser/state.json'
  }),
  saveStorageStatePath: setting(z.string().min(1).optional(), {
    description:
      'Where save_storage_state writes the cookies and localStorage (owner-only file, replaced atomically). Unset: save_storage_state is not offered.',
    example: '/home/me/.config/mcp-browser/state.json'
  }),
  allowedPageOrigins: setting(z.array(originRule).max(200).default([]), {
    description:
      'When set, the browser loads only these origins (scheme://host[:port], host[:port] or *.domain). An origin listed here may be loopback or private; cloud metadata addresses never load.',
    example: 'https://app.example.com,http://127.0.0.1:3000'
  }),
  blockedPageOrigins: setting(z.array(originRule).max(1000).default([]), {
    description: 'Origins never loaded (an IP rule also blocks names that resolve to it).',
    example: 'ads.example.com,*.tracker.example'
  }),
  allowEvaluate: setting(z.boolean().default(false), {
    description: 'Offer evaluate_script, which runs JavaScript in the page (never in the server).'
  }),
  downloadsDir: setting(z.string().min(1).optional(), {
    description: 'Quarantine directory for downloads (files stored under a random id). Unset: downloads are refused.',
    example: '/tmp/mcp-downloads'
  }),
  maxDownloadMegabytes: setting(z.number().int().min(1).max(4096).default(50), {
    description: 'Largest download kept; bigger ones are cancelled and deleted.',
    example: '50'
  }),
  maxDownloads: setting(z.number().int().min(1).max(1000).default(20), {
    description: 'Downloads kept per process.',
    example: '20'
  }),
  uploadDirs: setting(z.array(z.string().min(1)).max(50).default([]), {
    description: 'Directories upload_file may take files from. Unset: upload_file is not offered.',
    example: '/home/me/to-upload'
  }),
  outputDir: setting(z.string().min(1).optional(), {
    description: 'Where save_pdf writes. Unset: a temporary directory of this process.',
    example: '/tmp/mcp-output'
  }),
  viewportWidth: setting(z.number().int().min(200).max(4000).default(1280), {
    description: 'Viewport width in CSS pixels.',
    example: '1280'
  }),
  viewportHeight: setting(z.number().int().min(200).max(4000).default(800), {
    description: 'Viewport height in CSS pixels.',
    example: '800'
  }),
  navigationTimeoutSeconds: setting(z.number().int().min(1).max(300).default(30), {
    description: 'Default limit for a navigation.',
    example: '30'
  }),
  actionTimeoutSeconds: setting(z.number().int().min(1).max(120).default(5), {
    description: 'Default time to wait for an element before an action gives up.',
    example: '5'
  }),
  maxPages: setting(z.number().int().min(1).max(100).default(10), {
    description: 'Pages (tabs and popups) open at once.',
    example: '10'
  })
});

export type Config = ConfigOf<typeof settings>;
