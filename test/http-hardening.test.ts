import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startServer, type RunningServer } from '../src/http/serve.ts';
import { createApp } from '../src/http/app.ts';
import { createLogger } from '../src/http/logger.ts';
import { createMetrics } from '../src/http/metrics.ts';

/**
 * The API reference works on a network without internet (its script comes from this server),
 * HTML pages carry security headers the pages actually work with, and `/metrics` can be closed
 * with a bearer token. Over a real socket on the loopback address: nothing else is reached.
 */

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';
const dataDir = mkdtempSync(join(tmpdir(), 'suanli-http-hardening-'));
let server: RunningServer;
let base: string;
beforeAll(async () => {
  server = await startServer({
    config: loadConfig({
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      METRICS_TOKEN,
    }),
  });
  base = `http://127.0.0.1:${server.port}`;
}, 120_000);
afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The CSP directive `name` of a response, as its list of sources. */
const directive = (response: Response, name: string): string[] | undefined =>
  response.headers
    .get('content-security-policy')
    ?.split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name)
    ?.slice(1);

describe('/api/docs offline', () => {
  it('loads the reference script from this server, cacheable for a year', async () => {
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const sources = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map(([, src]) => src);
    expect(sources).toHaveLength(1);
    const [src = ''] = sources;
    expect(src).toMatch(/^\/api\/docs\/assets\/api-reference-\d+\.\d+\.\d+\.js$/);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"'\s]*\.(js|css|woff2?)/);

    const script = await fetch(new URL(src, base));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await script.text();
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(body).toContain('createApiReference');
  });
});

describe('security headers', () => {
  it('gives the docs page a CSP that allows its own inline script by hash, nothing inline else', async () => {
    const page = await fetch(`${base}/api/docs`);
    const html = await page.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
    expect(inline).toHaveLength(1);
    const hash = createHash('sha256')
      .update(inline[0]?.[1] ?? '')
      .digest('base64');
    const scripts = directive(page, 'script-src');
    expect(scripts).toEqual(["'self'", `'sha256-${hash}'`]);
    expect(directive(page, 'connect-src')).toEqual(["'self'"]);
    expect(directive(page, 'frame-ancestors')).toEqual(["'none'"]);
  });

  it.each(['/', '/api/docs'])(
    'sends CSP, frame-ancestors, referrer policy and nosniff on %s',
    async (path) => {
      const page = await fetch(`${base}${path}`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(directive(page, 'default-src')).toEqual(["'self'"]);
      expect(directive(page, 'script-src')).not.toContain("'unsafe-inline'");
      expect(directive(page, 'object-src')).toEqual(["'none'"]);
      expect(directive(page, 'frame-ancestors')).toEqual(["'none'"]);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    },
  );

  it('sends nosniff and the referrer policy on JSON too, but no page CSP', async () => {
    const json = await fetch(`${base}/api/v1/programs`);
    expect(json.headers.get('x-content-type-options')).toBe('nosniff');
    expect(json.headers.get('referrer-policy')).toBe('same-origin');
    expect(json.headers.get('content-security-policy')).toBeNull();
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  it('answers 401 without the bearer token or with a wrong one, 200 with it', async () => {
    const without = await fetch(`${base}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe(
      'UNAUTHENTICATED',
    );
    for (const authorization of [
      `Bearer ${METRICS_TOKEN.slice(0, -1)}`,
      `Bearer ${METRICS_TOKEN}x`,
      `Basic ${METRICS_TOKEN}`,
      METRICS_TOKEN,
    ]) {
      const wrong = await fetch(`${base}/metrics`, { headers: { authorization } });
      expect(wrong.status, authorization).toBe(401);
      expect(await wrong.text()).not.toContain('suanli_http_requests_total');
    }
    const right = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('suanli_http_requests_total');
  });

  it('stays open without METRICS_TOKEN, and refuses a token too short to be one', async () => {
    const open = createApp({
      db: server.db,
      logger: createLogger('silent'),
      metrics: createMetrics(),
      isReady: () => true,
    });
    expect((await open.request('/metrics')).status).toBe(200);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
