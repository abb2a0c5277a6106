import { getRequestListener } from '@hono/node-server';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { moveLegacyEvidenceToStore, type EvidenceStore } from '../services/evidence/index.ts';
import { evidenceStoreOf } from './api/evidence-store-of.ts';
import { createGateway, type AnsweredCall } from '../gateway/index.ts';
import { gatewaySecretBoxOf } from '../gateway/secret-box-of.ts';
import { createApp, recordRequest } from './app.ts';
import { consoleHandler, loadConsoleAssets } from './console-assets.ts';
import { createLogger, type Logger } from './logger.ts';
import { Meter, type MeterOptions } from '../services/gateway/metering/index.ts';
import { createMetrics, observeGatewayCall } from './metrics.ts';
import { publicBaseUrl } from './public-url.ts';
import { mountRoutes } from './routes.ts';
import type { DemoSignInsSource } from './api/demo-routes.ts';

export interface RunningServer {
  port: number;
  /** Where clients reach it: `PUBLIC_URL`, or the host and the port it listens on. */
  url: string;
  db: Database;
  logger: Logger;
  /** Where evidence files live (EVIDENCE_DIR): for the orphan sweep the process schedules. */
  evidenceStore: EvidenceStore;
  /** Re-reads the gateway's catalog now (after seeding models, instead of waiting 5 s). */
  refreshGatewayCatalog: () => Promise<void>;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  stop: () => Promise<void>;
}

export interface StartServerOptions {
  config: Config;
  /** Runs after migrations and before the port opens (demo data, for instance). */
  beforeListen?: (db: Database, logger: Logger, evidenceStore: EvidenceStore) => Promise<void>;
  /** Settings of the MaaS gateway's meter (tests shorten leases; docs/gateway-money.md). */
  gatewayMeter?: Pick<MeterOptions, 'leaseSliceFen' | 'leaseTimeoutSeconds' | 'roundIntervalMs'>;
  /** On a demo instance: the demo users the sign-in page lists (read per request). */
  demoSignIns?: DemoSignInsSource | undefined;
  /** The API handlers' clock (default: the system's); browser tests move it past a 公示 window. */
  clock?: (() => Date) | undefined;
}

/** Opens the database, migrates it, and serves HTTP until `stop()`. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = createLogger(config.LOG_LEVEL);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    pgliteWorkerPriority: config.PGLITE_WORKER_PRIORITY,
  });
  const migrations = await migrate(db);
  const scheduling = db.pgliteWorkerScheduling;
  logger.info(
    { database: db.kind, applied: migrations.applied, pgliteWorkerScheduling: scheduling },
    'database migrated',
  );
  if (
    config.PGLITE_WORKER_PRIORITY === 'idle' &&
    scheduling !== undefined &&
    scheduling !== 'idle'
  ) {
    logger.warn(
      { wanted: 'idle', got: scheduling },
      'PGLITE_WORKER_PRIORITY=idle: SCHED_IDLE could not be set (needs util-linux chrt on Linux)',
    );
  }
  const evidenceStore = evidenceStoreOf(config);
  // Evidence uploaded before the store existed leaves the database (docs/evidence.md).
  const legacy = await moveLegacyEvidenceToStore({ db, store: evidenceStore });
  if (legacy.moved > 0) logger.info(legacy, 'evidence moved from the database to the store');
  await options.beforeListen?.(db, logger, evidenceStore);

  let ready = false;
  // Set once the port is open (with PORT=0 only then is it known); no request comes before.
  let url = publicBaseUrl(config, config.PORT);
  const metrics = createMetrics();
  const consoleAssets = loadConsoleAssets(config.WEB_CONSOLE_DIR);
  const app = createApp({
    consoleAssets,
    db,
    logger,
    metrics,
    isReady: () => ready,
    metricsToken: config.METRICS_TOKEN,
    baseUrl: () => url,
  });
  mountRoutes(app, {
    db,
    logger,
    config,
    evidenceStore,
    demoSignIns: options.demoSignIns,
    clock: options.clock,
  });
  // The OpenAI-compatible MaaS gateway at /v1 (docs/gateway.md), billing through the ledger
  // (docs/gateway-money.md); its meter is closed by `gateway.close()` once the port is closed.
  const meter = new Meter({
    db,
    ...(config.GATEWAY_SETTLE_INTERVAL_MS !== undefined && {
      roundIntervalMs: config.GATEWAY_SETTLE_INTERVAL_MS,
    }),
    ...options.gatewayMeter,
    onRecord: (record) => observeGatewayCall(metrics, record),
  });
  meter.start();
  const gateway = createGateway({
    db,
    logger,
    meter,
    // Refused calls never reach the meter: counted here, with nothing billed.
    onRefused: ({ modelId }) =>
      observeGatewayCall(metrics, {
        modelId,
        status: 'refused',
        inputTokens: 0,
        outputTokens: 0,
        billedVoucherFen: 0n,
        billedWalletFen: 0n,
        latencyMs: 0,
      }),
    secretBox: gatewaySecretBoxOf(config, logger),
    routing: config.GATEWAY_ROUTING,
  });
  await gateway.start();
  app.route('/v1', gateway.app);
  // After the API: its routes answer first; the console takes its files and its own routes.
  if (consoleAssets) app.get('*', consoleHandler(consoleAssets));

  const honoListener = getRequestListener(app.fetch);
  // The model calls skip the app (`serveModelCall`); they are logged and counted as it would.
  const onModelCallAnswered = (answered: AnsweredCall) =>
    recordRequest({ metrics }, logger, {
      requestId: answered.requestId,
      method: 'POST',
      route: answered.route,
      path: answered.route,
      status: answered.status,
      startedAt: answered.startedAt,
    });
  const server = await listen(
    (request, response) => {
      if (gateway.serveModelCall(request, response, onModelCallAnswered)) return;
      void honoListener(request, response);
    },
    config.HOST,
    config.PORT,
  );
  ready = true;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  url = publicBaseUrl(config, port);
  logger.info({ url: `http://${config.HOST}:${port}`, publicUrl: url }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      ready = false;
      await closeServer(server, config.SHUTDOWN_GRACE_MS);
      await gateway.close();
      await db.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  const refreshGatewayCatalog = () => gateway.runtime.routing.refresh();
  return { port, url, db, logger, evidenceStore, refreshGatewayCatalog, stop };
}

function listen(listener: RequestListener, hostname: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(listener);
    server.once('error', reject);
    server.listen(port, hostname, () => resolve(server));
  });
}

/** `close()` waits for in-flight requests; after the grace period idle sockets are cut. */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
