import type { Sql } from '../../db/client.ts';
import { splitBudget, type BudgetSplits } from '../../domain/reports/budget-splits.ts';
import {
  burnDownSeries,
  type BurnDownDay,
  type DayMovement,
} from '../../domain/reports/burn-down.ts';
import {
  DEFAULT_FORECAST_WINDOW_DAYS,
  forecastExhaustion,
  type ExhaustionForecast,
} from '../../domain/reports/exhaustion-forecast.ts';
import { assert } from '../../domain/shared/assert.ts';
import {
  firstDayOfMonth,
  lastDayOfYear,
  shanghaiDayOf,
  type CalendarDate,
} from '../../domain/shared/calendar.ts';
import type { Actor } from '../authz/actor.ts';
import { dailyCounterChanges, type DailyCounterChange } from '../ledger/index.ts';
import { getProgramBudget, type ProgramBudget } from '../vouchers/index.ts';
import { loadSplitRows } from './split-rows.ts';

/** The operator's budget dashboard of one program. */
export interface BudgetDashboard {
  budget: ProgramBudget;
  /** Funded minus what is still free: granted to enterprises, net of what came back. */
  grantedFen: bigint;
  fiscalYear: { year: number; from: CalendarDate; to: CalendarDate };
  /** End-of-day figures from the first day of the fiscal year the program was funded (or its funding day, if later) to today (or the year's last day). */
  burnDown: BurnDownDay[];
  forecast: ExhaustionForecast & { method: string };
  splits: BudgetSplits;
  today: CalendarDate;
}

const FORECAST_METHOD =
  'least-squares line through the budget left at the end of each of the last 30 days (today included); the budget runs out on the day after its last day with money left at that pace';

/**
 * Budget, granted, committed, in flight, settled and paid of one program (from the ledger's
 * counters, `getProgramBudget`), its burn-down by day against the fiscal year from the ledger's
 * daily movements on the budget and paid-out accounts, the forecast day the budget runs out at
 * the current pace, and the splits by district, industry, chip origin and size with the
 * domestic-compute share. Read-only; `programBudget.read` (operator staff of the program's
 * operator tenant).
 *
 * @example
 * const dashboard = await getBudgetDashboard({ sql: db, actor, programId: 'hangzhou-city-compute-demo', now });
 */
export async function getBudgetDashboard(options: {
  sql: Sql;
  actor: Actor;
  programId: string;
  now: Date;
}): Promise<BudgetDashboard> {
  const { sql, programId } = options;
  // Authorizes (NOT_FOUND outside the caller's programs) before anything else is read.
  const budget = await getProgramBudget({ sql, actor: options.actor, programId });
  const today = shanghaiDayOf(options.now);
  const fiscalYear = await fiscalYearOf(sql, programId);
  const accountOf = (role: string): string => {
    const account = budget.accounts.find((candidate) => candidate.role === role);
    assert(account !== undefined, `getBudgetDashboard: ${programId} has no ${role} account`);
    return account.id;
  };
  const budgetAccountId = accountOf('budget');
  const paidOutAccountId = accountOf('paidOut');
  const changes = await dailyCounterChanges({
    sql,
    accountIds: [budgetAccountId, paidOutAccountId],
  });
  const movements = movementsByDay(changes, budgetAccountId, paidOutAccountId);
  const from = maxDate(fiscalYear.from, minDate(fiscalYear.fundedOn, fiscalYear.to));
  const to = minDate(today, fiscalYear.to);
  const burnDown =
    to < from
      ? []
      : burnDownSeries({ from, to, fundedFen: budget.fundedFen, fiscalYear, movements });
  const forecast = forecastExhaustion({
    today,
    // Only a series that reaches today forecasts: a year that is over has nothing to run out.
    remainingFen: to === today ? burnDown.map((day) => day.remainingFen) : [],
    windowDays: DEFAULT_FORECAST_WINDOW_DAYS,
  });
  return {
    budget,
    grantedFen: budget.fundedFen - budget.remainingFen,
    fiscalYear: { year: fiscalYear.year, from: fiscalYear.from, to: fiscalYear.to },
    burnDown,
    forecast: { ...forecast, method: FORECAST_METHOD },
    splits: splitBudget(await loadSplitRows(sql, programId)),
    today,
  };
}

/** Remaining = credits posted − debits posted − debits pending (the ledger's available). */
function movementsByDay(
  changes: readonly DailyCounterChange[],
  budgetAccountId: string,
  paidOutAccountId: string,
): Map<CalendarDate, DayMovement> {
  const movements = new Map<CalendarDate, DayMovement>();
  for (const change of changes) {
    const day = movements.get(change.date) ?? { remainingDeltaFen: 0n, paidOutDeltaFen: 0n };
    if (change.accountId === budgetAccountId) {
      day.remainingDeltaFen +=
        change.creditsPostedFen - change.debitsPostedFen - change.debitsPendingFen;
    } else if (change.accountId === paidOutAccountId) {
      day.paidOutDeltaFen += change.creditsPostedFen - change.debitsPostedFen;
    }
    movements.set(change.date, day);
  }
  return movements;
}

/**
 * The fiscal year of the version the program was opened under (the version in force on its
 * funding day, else its latest): a Chinese fiscal year is the calendar year.
 */
async function fiscalYearOf(
  sql: Sql,
  programId: string,
): Promise<{ year: number; from: CalendarDate; to: CalendarDate; fundedOn: CalendarDate }> {
  const [row] = await sql.query<{ fiscal_year: number; activated_at: Date }>(
    `select v.fiscal_year, vp.activated_at
       from voucher_programs vp join program_versions v on v.program_id = vp.program_id
      where vp.program_id = $1
      order by (v.effective_from <= $2::date and (v.effective_to is null or v.effective_to >= $2::date)) desc,
               v.version desc
      limit 1`,
    [programId, await fundingDay(sql, programId)],
  );
  assert(row !== undefined, `fiscalYearOf: ${programId} is activated but has no version`);
  const year = row.fiscal_year;
  return {
    year,
    from: firstDayOfMonth(year, 1),
    to: lastDayOfYear(year),
    fundedOn: shanghaiDayOf(row.activated_at),
  };
}

async function fundingDay(sql: Sql, programId: string): Promise<CalendarDate> {
  const [row] = await sql.query<{ activated_at: Date }>(
    'select activated_at from voucher_programs where program_id = $1',
    [programId],
  );
  assert(row !== undefined, `fundingDay: ${programId} is not activated`);
  return shanghaiDayOf(row.activated_at);
}

function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a < b ? a : b;
}
