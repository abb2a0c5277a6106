import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The console's real build (made once by the global setup, as `npm start` makes it): a
 * production bundle whatever NODE_ENV the build ran under, and its entry within the first
 * page's budget. Sizes only — the first page's whole load and its paint are measured by
 * `npm run bench:web`.
 */

const dist = join(import.meta.dirname, '../web/dist');

function entryScripts(): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const paths = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(paths.length).toBeGreaterThan(0);
  return paths.map((path) => readFileSync(join(dist, path ?? ''), 'utf8'));
}

describe('the console build', () => {
  it('bundles React for production, not its development build', () => {
    // A message React prints only in development: vitest runs with NODE_ENV=test, and vite
    // would bundle the development build (about 70 KB gzipped more) if the build inherited it.
    for (const script of entryScripts()) expect(script).not.toContain('Each child in a list');
  });

  it('keeps the scripts the index loads well inside the first page’s 500 KB gzipped', () => {
    const gzipped = entryScripts().reduce(
      (sum, script) => sum + gzipSync(script, { level: 9 }).length,
      0,
    );
    // The route's own chunks come on top (bench:web: ~80 KB); leave them room.
    expect(gzipped).toBeLessThan(420 * 1024);
  });
});
