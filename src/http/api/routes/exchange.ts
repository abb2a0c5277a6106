import { exchangeCatalogRoutes } from './exchange-catalog.ts';
import { exchangeOrderRoutes } from './exchange-orders.ts';
import { exchangeHistoryRoutes } from './exchange-history.ts';
import { exchangeSettlementRoutes } from './exchange-settlement.ts';

/** Routes of the compute exchange: catalog, offers, buy-now, requests, orders, usage, payouts. */
export const exchangeRoutes = [
  ...exchangeCatalogRoutes,
  ...exchangeOrderRoutes,
  ...exchangeSettlementRoutes,
  ...exchangeHistoryRoutes,
];
