import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/client.ts';
import type { AppEnv } from './app-env.ts';
import type { Logger } from './logger.ts';

export interface RouteDependencies {
  db: Database;
  logger: Logger;
  config: Config;
}

/** Mounts every feature's routes on the application. */
export function mountRoutes(_app: OpenAPIHono<AppEnv>, _deps: RouteDependencies): void {
  // Feature modules register their routes here.
}
