import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'hono';

/** Where `npm start` (scripts/ensure-web-build.mjs) puts the built console. */
export const defaultConsoleDirectory = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The built console, read into memory once: a few hundred KB, served without touching disk. */
export interface ConsoleAssets {
  indexHtml: string;
  files: ReadonlyMap<string, { body: Uint8Array; contentType: string }>;
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Bounds the walk: a console build has tens of files, never thousands. */
const FILES_MAX = 2_000;

/**
 * Reads the built console from `directory`, or returns undefined when it was not built (the
 * server then shows the landing page at `/`).
 */
export function loadConsoleAssets(
  directory: string = defaultConsoleDirectory,
): ConsoleAssets | undefined {
  const indexPath = join(directory, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const files = new Map<string, { body: Uint8Array; contentType: string }>();
  const pending = [directory];
  while (pending.length > 0 && files.size < FILES_MAX) {
    const current = pending.pop() ?? directory;
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) {
        pending.push(path);
        continue;
      }
      const type = contentTypes[extname(name)];
      if (type === undefined || name === 'index.html') continue;
      const urlPath = `/${relative(directory, path).split(sep).join('/')}`;
      files.set(urlPath, { body: readFileSync(path), contentType: type });
    }
  }
  return { indexHtml: readFileSync(indexPath, 'utf8'), files };
}

/**
 * The console's own top-level sections (web/src/routes/*.tsx, and `/login`): a deep link or a
 * reload under them gets the console's index. Anything else — the API (`/api`), the gateway
 * (`/v1`), `/docs`, `/metrics`, the probes, a mistyped path — stays the server's JSON 404.
 */
export const consoleSections = [
  '/login',
  '/programs',
  '/calculator',
  '/publications',
  '/enterprise',
  '/provider',
  '/operator',
];

function isConsoleRoute(path: string): boolean {
  return consoleSections.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The console's index page: never cached, so a new build is picked up at the next visit. */
export function serveConsoleIndex(c: Context, assets: ConsoleAssets): Response {
  c.header('cache-control', 'no-cache');
  return c.html(assets.indexHtml);
}

/**
 * GET handler for the console: a built file (hashed names under /assets: cached for a year,
 * `immutable`), else for a console route the index page, so a deep link or a reload opens the
 * right page; anything else falls through to the JSON 404.
 */
export function consoleHandler(assets: ConsoleAssets) {
  return async (c: Context, next: Next): Promise<Response | undefined> => {
    const path = c.req.path;
    const file = assets.files.get(path);
    if (file !== undefined) {
      // Vite names every file under /assets by its content hash: a changed file gets a new name.
      const hashed = path.startsWith('/assets/');
      c.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      c.header('content-type', file.contentType);
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200);
    }
    if (isConsoleRoute(path) && extname(path) === '') return serveConsoleIndex(c, assets);
    await next();
    return undefined;
  };
}
