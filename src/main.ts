import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { DataDirectoryLockedError } from './db/client.ts';
import { startServer } from './http/serve.ts';
import {
  formatDemoCredentials,
  formatDemoGateway,
  seedDemoData,
  seedDemoGateway,
  type DemoGateway,
  type SeedDemoResult,
} from './demo/index.ts';
import { startTestUpstream, type TestUpstream } from './gateway/index.ts';
import { gatewaySecretBoxOf } from './gateway/secret-box-of.ts';
import { scheduleVoucherJobs } from './services/vouchers/index.ts';
import { schedulePublicationJobs } from './services/publication/index.ts';
import { scheduleEvidenceJobs } from './services/evidence/index.ts';
import { scheduleExchangeJobs } from './services/exchange/index.ts';

/**
 * `npm start`: the whole platform in one process on embedded PGlite (or `DATABASE_URL`).
 * `npm start -- --no-demo` starts without demo data.
 */
const config = loadStartConfig();
let demo: SeedDemoResult | undefined;
let demoGateway: DemoGateway | undefined;
// The demo's models are answered by the test upstream (src/gateway/test-upstream), not a model.
const testUpstream: TestUpstream | undefined = config.DEMO_DATA
  ? await startTestUpstream({ port: config.TEST_UPSTREAM_PORT, recordCalls: false })
  : undefined;
const running = await startServer({
  config,
  // Demo data goes through the real services before the port opens
  // (docs/architecture.md#time-jobs-and-runtime).
  beforeListen: async (db, logger, evidenceStore) => {
    if (!config.DEMO_DATA) return;
    const onSeeding = () => logger.info('empty database: seeding demo data (first start only)');
    demo = await seedDemoData({ db, evidenceStore, now: new Date(), onSeeding });
    logger.info({ seeded: demo.seeded }, demo.seeded ? 'demo data seeded' : 'demo data present');
    if (demo.credentials && testUpstream) {
      demoGateway = await seedDemoGateway({
        db,
        upstreamBaseUrl: testUpstream.baseUrl,
        demoApiKey: config.SUANLI_DEMO_API_KEY,
        secretBox: gatewaySecretBoxOf(config, logger),
        now: new Date(),
      });
      logger.info(
        { testUpstream: testUpstream.baseUrl },
        'demo gateway models point at the test upstream',
      );
    }
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
if (demoGateway) process.stdout.write(formatDemoGateway(demoGateway, running.url));

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

// The exchange: clearing of open requests every 15 minutes, provider payouts hourly.
const exchangeJobs = scheduleExchangeJobs({
  db: running.db,
  onClearing: (report) => {
    if (report.ordersCreated.length > 0) {
      running.logger.info({ orders: report.ordersCreated.length }, 'exchange cleared');
    }
  },
  onPayouts: (payouts) => {
    if (payouts.length > 0) running.logger.info({ providers: payouts.length }, 'providers paid');
  },
  onError: (error) => running.logger.error({ err: error }, 'exchange jobs failed'),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.logger.info({ signal }, 'shutting down');
    voucherJobs.stop();
    publicationJobs.stop();
    evidenceJobs.stop();
    for (const job of exchangeJobs) job.stop();
    Promise.all([running.stop(), testUpstream?.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

/**
 * The configuration from the environment. A bad variable is the operator's to fix, not a bug:
 * every problem in a few lines and exit 1, no stack trace (as for a locked data directory).
 */
function loadStartConfig(): Config {
  try {
    return loadConfig({
      ...process.env,
      ...(process.argv.includes('--no-demo') ? { DEMO_DATA: 'false' } : {}),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`suanli: cannot start: ${error.message}\n`);
    process.exit(1);
  }
}
