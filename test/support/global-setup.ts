import type { TestProject } from 'vitest/node';
import { ensureChromium } from './chromium.ts';
import { startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    /** Why Chromium is missing (the browser tests fail with it); '' when it is there. */
    chromiumProblem: string;
  }
}

/**
 * One PostgreSQL cluster for the whole run; each test file makes its own database in it. And
 * Debian's Chromium for the browser tests (test/web-*.test.ts), installed when missing.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
  // Once per run, before any browser test file starts (two files must not run apt-get at once).
  project.provide('chromiumProblem', ensureChromium() ?? '');
  return () => cluster.stop();
}
