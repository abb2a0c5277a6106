import type { z } from '@hono/zod-openapi';
import type { splitBucketSchema } from '../../../contracts/reports.ts';
import { budgetDashboardSchema, voucherProgramsSchema } from '../../../contracts/reports.ts';
import { programIdParams } from '../../../contracts/vouchers.ts';
import {
  getBudgetDashboard,
  listVoucherPrograms,
  splitLabel,
  type BudgetDashboard,
  type SplitBucket,
  type SplitDimension,
} from '../../../services/reports/index.ts';
import { defineRoute } from '../define-route.ts';
import { runLedgerVerificationRoute } from './ledger-verification.ts';
import { fenStrings, ledgerAccountJson } from './vouchers-json.ts';

type DashboardJson = z.output<typeof budgetDashboardSchema>;

export const budgetDashboardRoute = defineRoute({
  method: 'get',
  path: '/api/v1/programs/{id}/dashboard',
  summary:
    'A program’s budget dashboard: burn-down against the fiscal year, the day the budget runs out at the current pace, splits by district, industry, chip origin and size',
  description:
    'Budget figures as `GET /programs/{id}/budget`, with `grantedFen` (funded minus still free). `burnDown`: end-of-day figures from the first day of the fiscal year (or the funding day, if later) to today, from the ledger’s transfers on the budget and paid-out accounts. `forecast`: a least-squares line through the budget left at the end of each of the last 30 days; `runsOutOn` is the day after the last day with money left at that pace. Splits: grants net of returns and settled claims net of clawbacks, by the enterprise’s district (GB/T 2260), main industry (its first GB/T 4754 code), size, and the purchase’s chip origin; every split adds up to `splits.totals`. `domesticCompute.shareBps`: domestic over all settled compute purchases, rounded down.',
  tags: ['reports'],
  access: { action: 'programBudget.read' },
  request: { params: programIdParams },
  responses: { 200: { description: 'the dashboard', schema: budgetDashboardSchema } },
  handler: async (c, auth, { params }) => {
    const dashboard = await getBudgetDashboard({
      sql: c.get('db'),
      actor: auth,
      programId: params.id,
      now: c.get('now'),
    });
    return c.json(dashboardJson(dashboard), 200);
  },
});

function dashboardJson(dashboard: BudgetDashboard): DashboardJson {
  const { budget, forecast, splits, fiscalYear } = dashboard;
  const { accounts, ...figures } = budget;
  const buckets = (dimension: SplitDimension) =>
    splits.byDimension[dimension].map((bucket) => bucketJson(dimension, bucket));
  return {
    programId: budget.programId,
    today: dashboard.today,
    fiscalYear,
    budget: {
      ...fenStrings(figures),
      ledgerAccounts: accounts.map((account) => ({
        role: account.role,
        ...ledgerAccountJson(account),
      })),
    },
    grantedFen: dashboard.grantedFen.toString(),
    burnDown: dashboard.burnDown.map((day) => fenStrings(day)),
    forecast: {
      status: forecast.status,
      runsOutOn: forecast.runsOutOn,
      beforeFiscalYearEnds:
        forecast.runsOutOn === null ? null : forecast.runsOutOn <= fiscalYear.to,
      paceFenPerDay: forecast.paceFenPerDay.toString(),
      windowDays: forecast.windowDays,
      method: forecast.method,
    },
    splits: {
      totals: fenStrings(splits.totals),
      byDimension: {
        district: buckets('district'),
        industry: buckets('industry'),
        chipOrigin: buckets('chipOrigin'),
        size: buckets('size'),
      },
      domesticCompute: {
        purchaseFen: fenStrings(splits.domesticCompute.purchaseFen),
        shareBps: splits.domesticCompute.shareBps,
      },
    },
  };
}

function bucketJson(
  dimension: SplitDimension,
  bucket: SplitBucket,
): z.output<typeof splitBucketSchema> {
  return { ...fenStrings(bucket), label: splitLabel(dimension, bucket.key) };
}

export const listVoucherProgramsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/voucher-programs',
  summary: 'The programs opened for vouchers under the caller’s operator tenant, newest first',
  tags: ['reports'],
  access: { action: 'programBudget.read' },
  responses: { 200: { description: 'the programs', schema: voucherProgramsSchema } },
  handler: async (c, auth) => {
    const programs = await listVoucherPrograms({ sql: c.get('db'), actor: auth });
    const items = programs.map((program) => ({
      ...program,
      budgetFen: program.budgetFen?.toString() ?? null,
      activatedAt: program.activatedAt.toISOString(),
    }));
    return c.json({ items } satisfies z.output<typeof voucherProgramsSchema>, 200);
  },
});

/** Routes of the reports module. */
export const reportsRoutes = [
  listVoucherProgramsRoute,
  budgetDashboardRoute,
  runLedgerVerificationRoute,
];
