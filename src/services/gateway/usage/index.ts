/** MaaS usage records, their views and the balances they move (docs/gateway-money.md). */
export { usageStatuses, type UsageRecord, type UsageStatus } from './usage-record.ts';
export { listUsageRecords, MAX_USAGE_PAGE } from './list-usage-records.ts';
export {
  summarizeUsage,
  usageGroupings,
  MAX_USAGE_GROUPS,
  type UsageGroup,
  type UsageGrouping,
} from './summarize-usage.ts';
export {
  getGatewayBalances,
  type BalanceFigures,
  type GatewayBalances,
} from './get-gateway-balances.ts';
export { exportUsageRecords } from './export-usage-records.ts';
export {
  listWalletDeposits,
  MAX_DEPOSIT_PAGE,
  type WalletDeposit,
} from './list-wallet-deposits.ts';
