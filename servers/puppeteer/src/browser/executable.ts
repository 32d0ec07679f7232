import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** Places Chromium or Chrome is installed by default, most likely first. */
export function candidateExecutables(platform: NodeJS.Platform = process.platform, env = process.env): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'
    ];
    const roots = ['/Applications', ...(env.HOME ? [join(env.HOME, 'Applications')] : [])];
    return roots.flatMap((root) => apps.map((app) => `${root}/${app}`));
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((r): r is string => Boolean(r));
    const apps = [
      'Chromium\\Application\\chrome.exe',
      'Google\\Chrome\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe'
    ];
    return roots.flatMap((root) => apps.map((app) => `${root}\\${app}`));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/lib/chromium/chromium',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge'
  ];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export class ExecutableNotFoundError extends Error {
  constructor(readonly looked: readonly string[]) {
    super(
      `No Chromium or Chrome was found. Looked in: ${looked.join(', ')}. ` +
        'Install Chromium (Debian/Ubuntu: apt-get install chromium) or point --executable-path ' +
        '(or PUPPETEER_EXECUTABLE_PATH) at a Chrome or Chromium binary.'
    );
    this.name = 'ExecutableNotFoundError';
  }
}

/**
 * The browser binary to launch: the operator's explicit path (which must exist), else the
 * PUPPETEER_EXECUTABLE_PATH / CHROMIUM_PATH environment, else the first installed default.
 */
export function findExecutable(
  explicit?: string,
  env = process.env,
  platform: NodeJS.Platform = process.platform
): string {
  const configured = explicit || env.PUPPETEER_EXECUTABLE_PATH || env.CHROMIUM_PATH;
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new ExecutableNotFoundError([configured]);
  }
  const candidates = candidateExecutables(platform, env);
  const found = candidates.find(isExecutable);
  if (!found) throw new ExecutableNotFoundError(candidates);
  return found;
}
