// Runs `npm ci` when node_modules is missing or older than package-lock.json, so that
// `npm start` and `npm test` work on a fresh clone with no separate install step.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const stampPath = 'node_modules/.suanli-deps-stamp';
const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const installedHash = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : '';

if (installedHash !== lockHash) {
  console.log('[suanli] installing dependencies (npm ci)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
  writeFileSync(stampPath, lockHash);
}
