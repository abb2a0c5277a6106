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
