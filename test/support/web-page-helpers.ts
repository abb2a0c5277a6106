import type { ConsoleMessage, Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import type { BrowserHarness } from './browser-harness.ts';

/**
 * Small helpers of the browser tests: reading an amount off a page, picking an Ant Design
 * option, a PDF to upload, and the test's own API session (to read the ledger's figures that
 * the page must show, and for set-up that is no step of a journey).
 */

/**
 * How long `expect.poll` waits for a page to catch up: vitest's default (1 s) is too short on a
 * machine loaded by parallel test files and builds.
 */
export const POLL_TIMEOUT_MS = 15_000;

/**
 * What a page sends (other than GETs) and the errors it reports while a step runs, to say why a
 * click seemed to do nothing when the step fails. `stop()` ends the watch.
 */
export function watchPage(page: Page): { sent: string[]; errors: string[]; stop: () => void } {
  const sent: string[] = [];
  const errors: string[] = [];
  const onRequest = (request: Request) => {
    if (request.method() !== 'GET') sent.push(`${request.method()} ${request.url()}`);
  };
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  };
  const onPageError = (error: Error) => errors.push(error.message);
  page.on('request', onRequest);
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  const stop = () => {
    page.off('request', onRequest);
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
  };
  return { sent, errors, stop };
}

/** The fen an on-screen amount stands for (its exact `data-fen`, not the 万 display). */
export async function fenOn(page: Page, testId: string, within?: string): Promise<bigint> {
  const scope = within === undefined ? page : page.locator(within);
  const fen = await scope.getByTestId(testId).first().getAttribute('data-fen');
  return BigInt(fen ?? 'NaN');
}

/** Picks an option of an Ant Design select by the text of the option. */
export async function choose(page: Page, testId: string, optionText: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-item-option', { hasText: optionText }).first().click();
}

/** A minimal PDF the evidence store accepts (its type is sniffed from the bytes). */
export const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

export interface ApiSession {
  get: <Body>(path: string) => Promise<Body>;
  post: (path: string, body: unknown) => Promise<Response>;
}

/** Signs a demo user in through the API (the test's own session, not the browser's). */
export async function apiSession(h: BrowserHarness, email: string): Promise<ApiSession> {
  const login = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: h.seed.credentials?.password }),
  });
  expect(login.status).toBe(200);
  const cookies = login.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
  const csrf = cookies.find((cookie) => cookie.startsWith('suanli_csrf='))?.slice(12) ?? '';
  const cookie = cookies.join('; ');
  return {
    get: async <Body>(path: string) => {
      const response = await fetch(`${h.baseUrl}${path}`, { headers: { cookie } });
      expect(response.status, `GET ${path}: ${await response.clone().text()}`).toBe(200);
      return (await response.json()) as Body;
    },
    post: (path, body) =>
      fetch(`${h.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie,
          'x-csrf-token': csrf,
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify(body),
      }),
  };
}
