/**
 * The compute exchange (docs/exchange.md): the accelerator catalog, provider offers with hourly
 * capacity, enterprise requests, buy-now orders with the subsidy decided by the policy engine,
 * signed usage reports and their settlement, provider payouts and statements, and the clearing
 * run the matcher plugs into. Other layers import from here.
 */
export { listAccelerators, updateAccelerator } from './accelerators.ts';
export { createOffer } from './create-offer.ts';
export { updateOffer } from './update-offer.ts';
export { withdrawOffer } from './withdraw-offer.ts';
export { listOffers, offerListing, OFFER_PAGE_MAX, type OfferListing } from './list-offers.ts';
export {
  cancelComputeRequest,
  createComputeRequest,
  listComputeRequests,
  type ComputeRequest,
} from './create-request.ts';
export { buyNow, type BuyNowOptions } from './buy-now.ts';
export { quoteBuyNow, type BuyNowQuote } from './quote-buy-now.ts';
export type { SubsidyQuote } from './quote-order-subsidy.ts';
export { getOrder, listOrders, ORDER_PAGE_MAX } from './orders.ts';
export { cancelOrder } from './cancel-order.ts';
export { quoteCancellation } from './quote-cancellation.ts';
export type { CancellationPlan } from '../../domain/exchange/order-cancellation.ts';
export { submitUsageReport, type AcceptedUsage } from './submit-usage-report.ts';
export { recordUsageRefusal } from './usage-refusals.ts';
export { payProviders, type ProviderPayout } from './pay-providers.ts';
export { exportProviderStatement } from './provider-statement.ts';
export {
  listOrderUsageReports,
  listProviderPayouts,
  ORDER_REPORTS_MAX,
  type ReceivedUsageReport,
} from './exchange-history.ts';
export type { Offer, Order } from './rows.ts';
export type { Accelerator } from '../../domain/exchange/accelerators.ts';
export type { UsageReport, UsageLine } from '../../domain/exchange/usage-report.ts';
export { canonicalUsageReport } from '../../domain/exchange/usage-report.ts';
export { pricePerScuFen, cardHoursForScu } from '../../domain/exchange/compute-units.ts';
export { hubOf, latencyClasses, type LatencyClass } from '../../domain/exchange/hubs.ts';
export {
  clearExchange,
  CLEARING_OFFERS_MAX,
  CLEARING_REQUESTS_MAX,
  type ClearingReport,
} from './clear-exchange.ts';
export { scheduleExchangeJobs } from './schedule-exchange-jobs.ts';
export type {
  OfferClearingExplanation,
  RequestClearingExplanation,
} from './clearing-explanations.ts';
export { reconcileExchange, type ExchangeReconciliation } from './reconcile-exchange.ts';
