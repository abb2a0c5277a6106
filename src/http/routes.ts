import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/client.ts';
import type { EvidenceStore } from '../services/evidence/index.ts';
import { accessRoutes, auditRoutes, createApi } from './api/index.ts';
import { partiesRoutes } from './api/routes/parties.ts';
import { programsRoutes } from './api/routes/programs.ts';
import { vouchersRoutes } from './api/routes/vouchers.ts';
import { publicationRoutes } from './api/routes/publication.ts';
import { publicPublicationRoutes } from './api/routes/publication-public.ts';
import { exportRoutes } from './api/routes/exports.ts';
import { exchangeRoutes } from './api/routes/exchange.ts';
import { gatewayUsageRoutes } from './api/routes/gateway-usage.ts';
import { gatewayCatalogRoutes } from './api/routes/gateway-catalog.ts';
import { gatewayRoutes } from './api/routes/gateway-keys.ts';
import { listGatewayPricesRoute } from './api/routes/gateway-prices.ts';
import { reportsRoutes } from './api/routes/reports.ts';
import { reviewRoutes } from './api/routes/review.ts';
import { previewProgramVersionRoute } from './api/routes/programs-preview.ts';
import { demoRoutes, type DemoSignInsSource } from './api/demo-routes.ts';
import type { AppEnv } from './app-env.ts';
import type { Logger } from './logger.ts';

export interface RouteDependencies {
  db: Database;
  logger: Logger;
  config: Config;
  /** The clock of API handlers; tests pass their own. */
  clock?: (() => Date) | undefined;
  /** Defaults to the store the config describes (EVIDENCE_DIR, EVIDENCE_QUOTA_*). */
  evidenceStore?: EvidenceStore | undefined;
  /** The demo users the console's sign-in page lists; absent: no `/api/v1/demo/sign-ins`. */
  demoSignIns?: DemoSignInsSource | undefined;
}

/**
 * Mounts every feature's routes on the application: one `api.mount(…)` line per feature.
 * Each route also needs an entry in test/support/api-matrix-entries.ts (the matrix test fails
 * without one).
 */
export function mountRoutes(app: OpenAPIHono<AppEnv>, deps: RouteDependencies): void {
  const api = createApi(app, deps);
  api.mount(accessRoutes);
  api.mount(auditRoutes);
  api.mount(partiesRoutes);
  api.mount(programsRoutes);
  api.mount(vouchersRoutes);
  api.mount([...publicPublicationRoutes, ...publicationRoutes]);
  api.mount(exportRoutes);
  api.mount(exchangeRoutes);
  api.mount(gatewayUsageRoutes);
  api.mount([...gatewayCatalogRoutes, ...gatewayRoutes, listGatewayPricesRoute]);
  api.mount(reportsRoutes);
  api.mount(reviewRoutes);
  api.mount([previewProgramVersionRoute]);
  // Only a demo instance has the route (the in-process test harness and deployments do not).
  if (deps.demoSignIns) api.mount(demoRoutes(deps.demoSignIns));
}
