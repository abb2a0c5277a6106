/**
 * The console as `npm start` serves it, for scripts that drive it in Chromium (screenshots,
 * bench:web): builds the console when stale, starts the real server on a fresh PGlite with the
 * demo data on a free port, and launches Debian's Chromium with playwright-core (installed with
 * apt-get when missing, never downloaded).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../src/config/config.ts';
import { DEMO_PASSWORD, seedDemoData, type SeedDemoResult } from '../src/demo/index.ts';
import { startServer, type RunningServer } from '../src/http/serve.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from '../test/support/chromium.ts';

const repositoryRoot = join(import.meta.dirname, '..');

export interface ConsoleInstance {
  baseUrl: string;
  server: RunningServer;
  browser: Browser;
  newPage: (options?: {
    width?: number;
    height?: number;
    language?: 'zh-CN' | 'en';
  }) => Promise<Page>;
  signIn: (page: Page, email: string) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A font with Chinese glyphs, so screenshots show 中文 and not boxes: Debian's WenQuanYi Micro
 * Hei (5 MB) with apt-get when fontconfig knows none.
 */
function ensureChineseFont(): void {
  const fonts = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (fonts.trim() !== '') return;
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'fonts-wqy-microhei'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export async function startConsoleInstance(): Promise<ConsoleInstance> {
  const problem = ensureChromium();
  if (problem !== undefined) throw new Error(problem);
  ensureChineseFont();
  execFileSync(process.execPath, [join(repositoryRoot, 'scripts/ensure-web-build.mjs')], {
    cwd: repositoryRoot,
    stdio: 'inherit',
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'suanli-console-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEB_CONSOLE_DIR: join(repositoryRoot, 'web/dist'),
  });
  let seed: SeedDemoResult | undefined;
  const server = await startServer({
    config,
    beforeListen: async (db, _logger, evidenceStore) => {
      seed = await seedDemoData({ db, evidenceStore, now: new Date() });
    },
    demoSignIns: () => ({
      password: DEMO_PASSWORD,
      users: (seed?.credentials?.users ?? []).map((user) => ({
        email: user.email,
        roles: [user.role],
        tenantName: user.tenantName,
      })),
    }),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    baseUrl,
    server,
    browser,
    newPage: async ({ width = 1280, height = 800, language = 'zh-CN' } = {}) => {
      const context = await browser.newContext({
        viewport: { width, height },
        baseURL: baseUrl,
        locale: language,
      });
      const page = await context.newPage();
      // The console remembers the reader's language choice; start each page in the one asked.
      await context.addInitScript((lang) => {
        window.localStorage.setItem('suanli.language', lang);
      }, language);
      return page;
    },
    signIn: async (page, email) => {
      await page.goto('/login');
      await page.getByTestId(`demo-sign-in-${email}`).click();
      await page.waitForURL((url) => url.pathname !== '/login');
    },
    close: async () => {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
