import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startServer, type RunningServer } from '../src/http/serve.ts';

/**
 * The server serves the built console: hashed assets cached for good, the index never cached,
 * console routes falling back to the index, the server's own paths never swallowed, and the
 * CSP on the console's HTML. A fake build keeps this fast (the browser tests use the real one).
 */

const root = mkdtempSync(join(tmpdir(), 'suanli-console-'));
const consoleDir = join(root, 'dist');
const indexHtml =
  '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
let running: RunningServer;
let base: string;

beforeAll(async () => {
  mkdirSync(join(consoleDir, 'assets'), { recursive: true });
  writeFileSync(join(consoleDir, 'index.html'), indexHtml);
  writeFileSync(join(consoleDir, 'assets/index-abc123.js'), 'console.log("console")');
  const config = loadConfig({
    DATA_DIR: join(root, 'data'),
    LOG_LEVEL: 'silent',
    PORT: '0',
    WEB_CONSOLE_DIR: consoleDir,
  });
  running = await startServer({
    config,
    demoSignIns: () => ({
      password: 'demo-password',
      users: [{ email: 'a@suanli-demo.test', roles: ['reviewer'], tenantName: 'T' }],
    }),
  });
  base = `http://127.0.0.1:${running.port}`;
});

afterAll(async () => {
  await running.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the console, served', () => {
  it('serves the index at / and at console routes, never cached, under the CSP', async () => {
    for (const path of [
      '/',
      '/enterprise/grants',
      '/operator',
      '/programs/hangzhou-city-compute',
    ]) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe(indexHtml);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('caches hashed assets for a year, immutable', async () => {
    const response = await fetch(`${base}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toContain('text/javascript');
  });

  it('leaves the server its own paths: unknown ones stay JSON 404s', async () => {
    for (const path of [
      '/api/v1/nothing-here',
      '/v1/models-nope',
      '/assets/missing-123.js',
      '/nope',
    ]) {
      const response = await fetch(base + path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('application/json');
    }
    const programs = await fetch(`${base}/api/v1/programs`);
    expect(programs.status).toBe(200);
    expect(programs.headers.get('content-type')).toContain('application/json');
  });

  it('lists the demo users on a demo instance', async () => {
    const response = await fetch(`${base}/api/v1/demo/sign-ins`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      password: 'demo-password',
      users: [{ email: 'a@suanli-demo.test', roles: ['reviewer'], tenantName: 'T' }],
    });
  });
});

describe('without demo data and without a build', () => {
  it('lists no demo users and shows the landing page', async () => {
    const config = loadConfig({
      DATA_DIR: join(root, 'data-plain'),
      LOG_LEVEL: 'silent',
      PORT: '0',
      DEMO_DATA: 'false',
      WEB_CONSOLE_DIR: join(root, 'not-built'),
    });
    const plain = await startServer({ config, demoSignIns: () => undefined });
    try {
      const signIns = await fetch(`http://127.0.0.1:${plain.port}/api/v1/demo/sign-ins`);
      expect(signIns.status).toBe(404);
      const landing = await fetch(`http://127.0.0.1:${plain.port}/`);
      expect(await landing.text()).toContain('/api/v1/auth/login');
      const deepLink = await fetch(`http://127.0.0.1:${plain.port}/enterprise/grants`);
      expect(deepLink.status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
