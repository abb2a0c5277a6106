/**
 * `npm run screenshots`: the console's main pages at 1280×800 in Chromium against the demo data,
 * saved under docs/screenshots/ (the budget dashboard in both languages), for the README.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startConsoleInstance } from './console-instance.ts';

const directory = join(import.meta.dirname, '../docs/screenshots');

/** Each shot: who is signed in (none: a visitor), the page, what to wait for, the language. */
const shots: { file: string; path: string; user?: string; waitFor: string; language?: 'en' }[] = [
  { file: 'programs.png', path: '/programs', waitFor: 'h1' },
  { file: 'calculator.png', path: '/calculator', waitFor: 'h1' },
  { file: 'enterprise-grants.png', path: '/enterprise/grants', user: 'hangzhou', waitFor: 'h1' },
  {
    file: 'review-queue.png',
    path: '/operator/review',
    user: 'reviewer',
    waitFor: '[data-testid="review-item"]',
  },
  {
    file: 'dashboard-zh.png',
    path: '/operator/dashboard',
    user: 'operator',
    waitFor: '[data-testid="burn-down-chart"] canvas',
  },
  {
    file: 'dashboard-en.png',
    path: '/operator/dashboard',
    user: 'operator',
    waitFor: '[data-testid="burn-down-chart"] canvas',
    language: 'en',
  },
  {
    file: 'program-editor.png',
    path: '/operator/programs',
    user: 'operator',
    waitFor: '.cm-content',
  },
  {
    file: 'payouts.png',
    path: '/operator/payouts',
    user: 'operator',
    waitFor: '[data-testid="payout-claims"]',
  },
];

const instance = await startConsoleInstance();
try {
  mkdirSync(directory, { recursive: true });
  for (const shot of shots) {
    const page = await instance.newPage(
      shot.language === undefined ? {} : { language: shot.language },
    );
    if (shot.user !== undefined) await instance.signIn(page, `${shot.user}@suanli-demo.test`);
    await page.goto(shot.path);
    await page.locator(shot.waitFor).first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    // Charts animate in: let them settle before the picture is taken.
    await page.waitForTimeout(1200);
    await page.screenshot({ path: join(directory, shot.file) });
    console.log(`docs/screenshots/${shot.file}`);
    await page.context().close();
  }
} finally {
  await instance.close();
}
