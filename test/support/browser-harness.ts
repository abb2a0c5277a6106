/**
 * The console in a real browser: Debian's Chromium driven by playwright-core, against the real
 * server (startServer, as `npm start` runs it) on PGlite with the demo data, on a free port.
 * One harness per browser test file: one server, one browser, pages reused. The demo's MaaS
 * models answer from the test upstream and calls are billed by the ledger meter.
 *
 * @example
 * const h = await startBrowserHarness();
 * const page = await h.newPage();
 * await h.signIn(page, 'hangzhou@suanli-demo.test');
 * expect(await h.seriousAccessibilityViolations(page)).toEqual([]);
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import {
  DEMO_PASSWORD,
  seedDemoData,
  seedDemoGateway,
  type SeedDemoResult,
} from '../../src/demo/index.ts';
import { startTestUpstream } from '../../src/gateway/index.ts';
import { gatewaySecretBoxOf } from '../../src/gateway/secret-box-of.ts';
import { startServer, type RunningServer } from '../../src/http/serve.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

const repositoryRoot = join(import.meta.dirname, '../..');
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface BrowserHarness {
  baseUrl: string;
  server: RunningServer;
  seed: SeedDemoResult;
  browser: Browser;
  /**
   * A page in a fresh context (its own cookies and storage), 1280×800 unless told. Its reader
   * asks for reduced motion unless told otherwise: the console then runs without Ant Design's
   * animations, so no click lands on a dialog still zooming in. Clicks in dialogs that did nothing
   * under a loaded machine failed the Hangzhou journey in fresh-clone runs (the last on
   * 2026-12-07).
   */
  newPage: (
    viewport?: { width: number; height: number },
    reducedMotion?: 'reduce' | 'no-preference',
  ) => Promise<Page>;
  /** Signs in on the console's sign-in page by clicking the demo user's button. */
  signIn: (page: Page, email: string) => Promise<void>;
  /**
   * Moves the server's API clock forward (time passing in the story: a 公示 list's objection
   * window closing). Sessions expire with it (12 h), so pages sign in again afterwards.
   */
  advanceClock: (milliseconds: number) => void;
  /** axe-core in the page: the serious and critical violations (none is the goal). */
  seriousAccessibilityViolations: (page: Page) => Promise<AccessibilityViolation[]>;
  close: () => Promise<void>;
}

/**
 * The console's build, made once for the run by the global setup (test/support/global-setup.ts):
 * browser test files run in parallel and only serve it, so none rebuilds it under another.
 */
function assertConsoleBuilt(): void {
  const buildProblem = inject('consoleBuildProblem');
  if (buildProblem !== '') throw new Error(buildProblem);
  if (!existsSync(join(repositoryRoot, 'web/dist/index.html'))) {
    throw new Error('web/dist is missing: the global setup builds it for runs with browser tests');
  }
}

export async function startBrowserHarness(): Promise<BrowserHarness> {
  const chromiumProblem = inject('chromiumProblem');
  if (chromiumProblem !== '') throw new Error(chromiumProblem);
  assertConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'suanli-web-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEB_CONSOLE_DIR: join(repositoryRoot, 'web/dist'),
  });
  let seed: SeedDemoResult | undefined;
  // The demo's models answered by the test upstream, as `npm start` runs them, and billed by
  // the server's meter (leases from the ledger), so calls move balances the console shows.
  const upstream = await startTestUpstream({ recordCalls: false });
  let clockOffsetMs = 0;
  const server = await startServer({
    config,
    clock: () => new Date(Date.now() + clockOffsetMs),
    beforeListen: async (db, logger, evidenceStore) => {
      seed = await seedDemoData({ db, evidenceStore, now: new Date() });
      await seedDemoGateway({
        db,
        upstreamBaseUrl: upstream.baseUrl,
        demoApiKey: undefined,
        secretBox: gatewaySecretBoxOf(config, logger),
        now: new Date(),
      });
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
  if (seed === undefined) throw new Error('the demo data was not seeded');
  await server.refreshGatewayCatalog();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    baseUrl,
    server,
    seed,
    browser,
    newPage: async (viewport = { width: 1280, height: 800 }, reducedMotion = 'reduce') => {
      const context = await browser.newContext({
        viewport,
        baseURL: baseUrl,
        locale: 'zh-CN',
        reducedMotion,
      });
      contexts.push(context);
      return context.newPage();
    },
    signIn: async (page, email) => {
      await page.goto('/login');
      await page.getByTestId(`demo-sign-in-${email}`).click();
      await page.waitForURL((url) => url.pathname !== '/login');
    },
    advanceClock: (milliseconds) => {
      clockOffsetMs += milliseconds;
    },
    seriousAccessibilityViolations: async (page) => {
      // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) still holds
      // for the console itself.
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: AxeGlobal }).axe;
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
        }));
      });
      return violations.filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
    },
    close: async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.stop();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The part of axe-core's API the harness uses (it is injected as a script, untyped there). */
interface AxeGlobal {
  run: (
    context: Document,
    options: { resultTypes: string[] },
  ) => Promise<{
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  }>;
}
