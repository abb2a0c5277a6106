import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppEnv } from './app-env.ts';
import { contentSecurityPolicy } from './security-headers.ts';

const require = createRequire(import.meta.url);

/**
 * The API reference's browser bundle, from the pinned `@scalar/api-reference` package: served
 * by us, so `/api/docs` works on a network without internet (the Hono middleware would load it
 * from a public CDN). The version is in the path, so the file can be cached for a year.
 */
function loadReferenceBundle(): { path: string; body: Buffer } {
  const file = require.resolve('@scalar/api-reference/browser/standalone.js');
  const manifest = JSON.parse(
    readFileSync(join(dirname(file), '..', '..', 'package.json'), 'utf8'),
  ) as { version: string };
  return {
    path: `/api/docs/assets/api-reference-${manifest.version}.js`,
    body: readFileSync(file),
  };
}

/** The SHA-256 CSP sources of a page's inline scripts (those without `src`). */
function inlineScriptHashes(html: string): string[] {
  const scripts = html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g);
  return [...scripts].map(
    ([, body = '']) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
  );
}

/**
 * Serves `/api/docs` (Scalar's API reference of `/api/openapi.json`) and its script bundle.
 * The page is the same for every request, so it is rendered once and its one inline script
 * (the reference's configuration) allowed by hash in the page's Content-Security-Policy: no
 * `'unsafe-inline'` for scripts, and nothing loaded from anywhere but this server.
 */
export function mountApiDocs(app: OpenAPIHono<AppEnv>): void {
  const bundle = loadReferenceBundle();
  const renderer = new Hono().get(
    '/',
    Scalar({
      url: '/api/openapi.json',
      cdn: bundle.path,
      pageTitle: 'Suanli API reference',
      // Offline and private: no fonts from Scalar's servers, no usage reports to them.
      withDefaultFonts: false,
      telemetry: false,
      // Scalar's AI agent asks Scalar's servers; the CSP would block it anyway.
      agent: { disabled: true },
    }),
  );
  let page: Promise<{ html: string; policy: string }> | undefined;
  const renderPage = async () => {
    const html = await (await renderer.request('/')).text();
    return { html, policy: contentSecurityPolicy({ scriptHashes: inlineScriptHashes(html) }) };
  };

  app.get('/api/docs', async (c) => {
    // Rendered on first use; a failed render is tried again by the next request.
    page ??= renderPage().catch((error: unknown) => {
      page = undefined;
      throw error;
    });
    const { html, policy } = await page;
    c.header('content-security-policy', policy);
    return c.html(html);
  });
  app.get(bundle.path, (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=31536000, immutable');
    return c.body(new Uint8Array(bundle.body));
  });
}
