import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium: the browser tests drive it with playwright-core, never a downloaded one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, headless run in a container (no sandbox: tests run as root there). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Installs Debian's `chromium` with apt-get when it is missing (once: afterwards the binary is
 * there). Returns why it could not, so only the browser tests fail, with that reason.
 */
export function ensureChromium(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  try {
    const apt = {
      stdio: 'inherit' as const,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    };
    execFileSync('apt-get', ['update'], apt);
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], apt);
  } catch (error) {
    return `apt-get install chromium failed: ${String(error)}`;
  }
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} missing after apt-get install`;
}
