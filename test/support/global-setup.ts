import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from './chromium.ts';
import { createDatabaseTemplates } from './database-templates.ts';
import { startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** A migrated PGlite data directory (tarball) every test PGlite starts from. */
    pgliteTemplatePath: string;
    /** Why Chromium is missing (the browser tests fail with it); '' when it is there. */
    chromiumProblem: string;
    /** Why the console could not be built (the browser tests fail with it); '' when built. */
    consoleBuildProblem: string;
  }
}

const repositoryRoot = join(import.meta.dirname, '../..');

/**
 * Builds the console when its sources changed since the last build (as `npm start` does), once
 * for the run: the browser test files run in parallel and only serve web/dist, so two of them
 * never rebuild it under each other. Returns why it failed ('' when the build is there).
 */
function ensureConsoleBuilt(): string {
  try {
    execFileSync(process.execPath, [join(repositoryRoot, 'scripts/ensure-web-build.mjs')], {
      cwd: repositoryRoot,
      stdio: 'inherit',
    });
    return '';
  } catch (error) {
    return `building the console (scripts/ensure-web-build.mjs) failed: ${String(error)}`;
  }
}

/**
 * One PostgreSQL cluster for the whole run; each test file makes its own database in it, a copy
 * of a migrated template (so is each test PGlite: database-templates.ts). For
 * the browser tests (test/web-*.test.ts): Debian's Chromium, installed when missing, and the
 * console's build (a no-op when web/dist is newer than its sources; a few seconds otherwise).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
  const templates = await createDatabaseTemplates(cluster.adminUrl);
  project.provide('pgliteTemplatePath', templates.pgliteTemplatePath);
  // Once per run, before any browser test file starts (two files must not run apt-get or
  // vite build at once).
  project.provide('chromiumProblem', ensureChromium() ?? '');
  project.provide('consoleBuildProblem', ensureConsoleBuilt());
  return () => {
    templates.remove();
    cluster.stop();
  };
}
