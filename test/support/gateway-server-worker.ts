/**
 * A gateway process for the zero-overspend tests: the real server (`startServer`, the gateway at
 * /v1 with its meter) on the PostgreSQL database in DATABASE_URL, with short leases so a killed
 * process's lease comes back within seconds. Prints `{"url":…}` once it listens; stops gracefully
 * on SIGTERM (its meter settles and returns its leases).
 *
 * Run: DATABASE_URL=… GATEWAY_SECRET_KEY=… LEASE_SLICE_FEN=5 LEASE_TIMEOUT_SECONDS=3 \
 *   node --import tsx test/support/gateway-server-worker.ts
 */
import { loadConfig } from '../../src/config/config.ts';
import { startServer } from '../../src/http/serve.ts';

const server = await startServer({
  config: loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_POOL_SIZE: '4',
    GATEWAY_SECRET_KEY: process.env.GATEWAY_SECRET_KEY,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
  }),
  gatewayMeter: {
    leaseSliceFen: BigInt(process.env.LEASE_SLICE_FEN ?? '5'),
    leaseTimeoutSeconds: Number(process.env.LEASE_TIMEOUT_SECONDS ?? '3'),
    roundIntervalMs: 50,
  },
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
