import { loadConfig } from './config/config.ts';
import { DataDirectoryLockedError } from './db/client.ts';
import { startServer } from './http/serve.ts';
import { formatDemoCredentials, seedDemoData, type SeedDemoResult } from './demo/index.ts';
import { scheduleVoucherJobs } from './services/vouchers/index.ts';
import { schedulePublicationJobs } from './services/publication/index.ts';
import { scheduleEvidenceJobs } from './services/evidence/index.ts';

/**
 * `npm start`: the whole platform in one process on embedded PGlite (or `DATABASE_URL`).
 * `npm start -- --no-demo` starts without demo data.
 */
const config = loadConfig({
  ...process.env,
  ...(process.argv.includes('--no-demo') ? { DEMO_DATA: 'false' } : {}),
});
let demo: SeedDemoResult | undefined;
const running = await startServer({
  config,
  // Demo data goes through the real services before the port opens
  // (docs/architecture.md#time-jobs-and-runtime).
  beforeListen: async (db, logger, evidenceStore) => {
    if (!config.DEMO_DATA) return;
    const onSeeding = () => logger.info('empty database: seeding demo data (first start only)');
    demo = await seedDemoData({ db, evidenceStore, now: new Date(), onSeeding });
    logger.info({ seeded: demo.seeded }, demo.seeded ? 'demo data seeded' : 'demo data present');
  },
  // The console's sign-in page lists the demo users (only while the demo data is there).
  demoSignIns: () =>
    demo?.credentials
      ? {
          password: demo.credentials.password,
          users: demo.credentials.users.map((user) => ({
            email: user.email,
            roles: [user.role],
            tenantName: user.tenantName,
          })),
        }
      : undefined,
}).catch((error: unknown) => {
  // Another process holds the data directory: say so in one line and exit, no stack trace.
  if (!(error instanceof DataDirectoryLockedError)) throw error;
  process.stderr.write(`suanli: cannot start: ${error.message}\n`);
  process.exit(1);
});
if (demo) process.stdout.write(formatDemoCredentials(demo, running.url));

// Grant expiry and 30/14/7/0-day warnings, every minute; the first run does not delay startup.
const voucherJobs = scheduleVoucherJobs({
  db: running.db,
  intervalMs: 60_000,
  onRun: (run) => {
    if (run.expired > 0 || run.warnings > 0) {
      running.logger.info({ ...run, returnedFen: run.returnedFen.toString() }, 'voucher jobs');
    }
  },
  onError: (error) => running.logger.error({ err: error }, 'voucher jobs failed'),
});

// 公示 lists whose objection window is over (and no objection open) close by themselves.
const publicationJobs = schedulePublicationJobs({
  db: running.db,
  intervalMs: 60_000,
  onRun: (closed) => {
    if (closed.length > 0) running.logger.info({ closed }, 'publications closed');
  },
  onError: (error) => running.logger.error({ err: error }, 'publication jobs failed'),
});

// Evidence content no row names (an upload whose transaction failed), hourly and at start.
const evidenceJobs = scheduleEvidenceJobs({
  db: running.db,
  store: running.evidenceStore,
  intervalMs: 3_600_000,
  onRun: (swept) => {
    if (swept.removedContents > 0 || swept.removedTemporary > 0) {
      running.logger.info(swept, 'evidence orphans swept');
    }
  },
  onError: (error) => running.logger.error({ err: error }, 'evidence sweep failed'),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.logger.info({ signal }, 'shutting down');
    voucherJobs.stop();
    publicationJobs.stop();
    evidenceJobs.stop();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
