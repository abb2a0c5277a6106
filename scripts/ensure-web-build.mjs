// Builds the web console (web/dist) when it is missing or older than its sources, so that
// `npm start` and `npm test` serve and test the console as it is in the working tree.
// Staleness is a fast check: the newest modification time under web/ (not web/dist), the
// shared contracts and the pure domain they import, and the lockfile, against the build stamp.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampPath = join(root, 'web/dist/.build-stamp');
const sources = ['web', 'src/contracts', 'src/domain', 'package-lock.json'];
const skipped = new Set([join(root, 'web/dist'), join(root, 'web/node_modules')]);

/** The newest mtime (ms) under `path`, walking with an explicit stack and a bound. */
function newestMtime(path) {
  let newest = 0;
  const pending = [path];
  for (let visited = 0; pending.length > 0 && visited < 50_000; visited += 1) {
    const current = pending.pop();
    if (skipped.has(current) || !existsSync(current)) continue;
    const stat = statSync(current);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) {
      for (const name of readdirSync(current)) pending.push(join(current, name));
    }
  }
  return newest;
}

const sourcesMtime = Math.max(...sources.map((source) => newestMtime(join(root, source))));
const builtMtime = existsSync(stampPath) ? statSync(stampPath).mtimeMs : 0;

if (process.argv.includes('--force') || builtMtime < sourcesMtime) {
  console.log('[suanli] building the web console (vite build)…');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    // Always a production build: run from vitest (NODE_ENV=test) or a shell with another
    // NODE_ENV, vite would otherwise bundle React's development build (+70 KB gzipped).
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  writeFileSync(stampPath, `${new Date().toISOString()}\n`);
}
