import type { Sql } from '../../db/client.ts';
import { getBalances, lookupAccounts } from '../ledger/index.ts';
import { findVoucherProgram } from './support/program-row.ts';

/** What the public sees of a program's money: what was funded and what is still free. */
export interface BudgetLeft {
  programId: string;
  /** False until the program is opened for vouchers (its accounts exist): no figures yet. */
  opened: boolean;
  fundedFen: bigint;
  /** Free for new grants: the budget account's available balance. */
  remainingFen: bigint;
}

/**
 * A program's budget left, for anyone (the public catalog): two figures from the ledger's
 * counters, nothing about any enterprise. Public information: the published budget is in the
 * policy text and the recipients are on the 公示 lists, so no actor is needed.
 *
 * @example
 * const { remainingFen } = await getBudgetLeft({ sql: db, programId: 'hangzhou-city-compute' });
 */
export async function getBudgetLeft(options: { sql: Sql; programId: string }): Promise<BudgetLeft> {
  const program = await findVoucherProgram(options.sql, options.programId);
  if (!program) {
    return { programId: options.programId, opened: false, fundedFen: 0n, remainingFen: 0n };
  }
  const [treasury] = await lookupAccounts({ sql: options.sql, ids: [program.accounts.treasury] });
  const [budget] = await getBalances({ sql: options.sql, ids: [program.accounts.budget] });
  return {
    programId: program.programId,
    opened: true,
    fundedFen: treasury?.debitsPostedFen ?? 0n,
    remainingFen: budget?.availableFen ?? 0n,
  };
}
