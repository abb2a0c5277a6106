import { z } from 'zod';
import { programBudgetSchema } from './vouchers.ts';

/**
 * The operator's budget dashboard (`GET /api/v1/programs/{id}/dashboard`). Shared with the web
 * console. Amounts are decimal strings of fen; dates Asia/Shanghai calendar days.
 */

const fenOut = z
  .string()
  .regex(/^-?\d+$/)
  .meta({ example: '2500000' });
const localized = z.object({ 'zh-CN': z.string(), en: z.string() });

export const burnDownDaySchema = z
  .object({
    date: z.string().meta({ example: '2026-03-02' }),
    /** Free for new grants at the end of the day. */
    remainingFen: fenOut,
    /** Paid out by the end of the day (net of clawbacks). */
    paidOutFen: fenOut,
    /** What an even burn over the fiscal year leaves at the end of the day (rounded down). */
    idealRemainingFen: fenOut,
  })
  .meta({ id: 'BurnDownDay' });

export const exhaustionForecastSchema = z
  .object({
    status: z.enum(['runs-out', 'exhausted', 'not-burning']),
    /** The day the budget is empty at the fitted pace; null unless `runs-out`. */
    runsOutOn: z.string().nullable(),
    /** Whether that day falls inside the fiscal year (the money would not last the year). */
    beforeFiscalYearEnds: z.boolean().nullable(),
    paceFenPerDay: fenOut,
    windowDays: z.number().int(),
    /** How the forecast is made, in words. */
    method: z.string(),
  })
  .meta({ id: 'ExhaustionForecast' });

export const splitBucketSchema = z
  .object({
    key: z.string(),
    /** The key as people read it (region names, sizes, origins); the code for industries. */
    label: localized,
    grantedFen: fenOut,
    settledFen: fenOut,
    enterprises: z.number().int(),
  })
  .meta({ id: 'SplitBucket' });

export const budgetDashboardSchema = z
  .object({
    programId: z.string(),
    today: z.string(),
    fiscalYear: z.object({ year: z.number().int(), from: z.string(), to: z.string() }),
    budget: programBudgetSchema,
    /** Funded minus still free: granted to enterprises, net of what returned to the budget. */
    grantedFen: fenOut,
    burnDown: z.array(burnDownDaySchema),
    forecast: exhaustionForecastSchema,
    splits: z.object({
      /** Grants net of returns, and settled claims net of clawbacks; every split adds up to them. */
      totals: z.object({ grantedFen: fenOut, settledFen: fenOut }),
      byDimension: z.object({
        district: z.array(splitBucketSchema),
        industry: z.array(splitBucketSchema),
        chipOrigin: z.array(splitBucketSchema),
        size: z.array(splitBucketSchema),
      }),
      domesticCompute: z.object({
        purchaseFen: z.object({ domestic: fenOut, imported: fenOut, unspecified: fenOut }),
        /** Domestic over all settled compute purchases, basis points rounded down. */
        shareBps: z.number().int().nullable(),
      }),
    }),
  })
  .meta({ id: 'BudgetDashboard' });

/** One discrepancy between a claim's or grant's state and its ledger balances. */
export const reconciliationFindingSchema = z
  .object({
    entity: z.enum(['claim', 'grant', 'program']),
    id: z.string(),
    programId: z.string(),
    state: z.string(),
    account: z.string(),
    expectedFen: fenOut,
    actualFen: fenOut,
    message: z.string(),
  })
  .meta({ id: 'ReconciliationFinding' });

/** `GET /api/v1/ledger/verification`: what `suanli ledger verify` prints, as data. */
export const ledgerVerificationSchema = z
  .object({
    ok: z.boolean(),
    startedAt: z.string(),
    durationMs: z.number().int(),
    ledger: z.object({
      ok: z.boolean(),
      /** Transfers and accounts checked (when ok). */
      transfers: z.number().int().nullable(),
      accounts: z.number().int().nullable(),
      /** What is wrong, at most 100 lines, first broken row first. */
      problems: z.array(z.string()),
      firstBadTransferId: z.string().nullable(),
    }),
    /** Null when the ledger itself is broken: its balances reconcile nothing. */
    vouchers: z
      .object({
        ok: z.boolean(),
        programs: z.number().int(),
        claims: z.number().int(),
        grants: z.number().int(),
        findings: z.array(reconciliationFindingSchema),
      })
      .nullable(),
  })
  .meta({ id: 'LedgerVerification' });

/** `GET /api/v1/voucher-programs`: the programs opened under the caller's operator tenant. */
export const voucherProgramsSchema = z
  .object({
    items: z.array(
      z.object({
        programId: z.string(),
        budgetFen: fenOut.nullable(),
        allocation: z.string(),
        disbursement: z.string(),
        activatedAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'VoucherPrograms' });
