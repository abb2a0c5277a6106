import { loadConfig } from './config/config.ts';
import { startServer } from './http/serve.ts';

/**
 * `npm start`: the whole platform in one process on embedded PGlite (or `DATABASE_URL`).
 * `npm start -- --no-demo` starts without demo data.
 */
const config = loadConfig({
  ...process.env,
  ...(process.argv.includes('--no-demo') ? { DEMO_DATA: 'false' } : {}),
});
const running = await startServer({ config });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running.logger.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
