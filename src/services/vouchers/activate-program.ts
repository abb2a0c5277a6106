import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import {
  CNY_LEDGER,
  accountCodes,
  ledgerIdFor,
  payableCode,
  programAccountIds,
  transferCodes,
} from '../../domain/vouchers/account-plan.ts';
import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { assert } from '../../domain/shared/assert.ts';
import { createAccounts, type NewAccount } from '../ledger/index.ts';
import { runTransfers } from './support/ledger-step.ts';
import { findVoucherProgram, type VoucherProgram } from './support/program-row.ts';

export interface ActivateProgramOptions {
  /** The database or the caller's transaction. */
  sql: Sql | Database;
  program: Pick<
    ProgramDefinition,
    'id' | 'budgetFen' | 'allocation' | 'disbursement' | 'fiscalYear' | 'effectiveTo'
  >;
  operatorTenantId?: string | null;
  now: Date;
}

/**
 * Opens a program for vouchers: creates its ledger accounts (account plan in
 * `domain/vouchers/account-plan.ts`) and funds the budget from the treasury with the program-year
 * budget. Idempotent and safe under concurrency: account and transfer ids are derived from the
 * program id, so a second call finds everything in place and returns the same program.
 *
 * @example
 * const program = await activateProgram({ sql: db, program: hangzhou, now: new Date() });
 */
export async function activateProgram(options: ActivateProgramOptions): Promise<VoucherProgram> {
  const run = async (tx: Sql): Promise<VoucherProgram> => {
    const existing = await findVoucherProgram(tx, options.program.id);
    if (existing) return existing;
    const { program, now } = options;
    const ids = programAccountIds(program.id);
    const userData = `program:${program.id}`.slice(0, 128);
    const accounts: NewAccount[] = [
      { id: ids.treasury, code: accountCodes.programTreasury, ledger: CNY_LEDGER, userData },
      {
        id: ids.budget,
        code: accountCodes.programBudget,
        ledger: CNY_LEDGER,
        userData,
        flags: { debitsMustNotExceedCredits: true },
      },
      { id: ids.payable, code: payableCode(program.disbursement), ledger: CNY_LEDGER, userData },
      { id: ids.paidOut, code: accountCodes.paidOut, ledger: CNY_LEDGER, userData },
      { id: ids.receivable, code: accountCodes.clawbackReceivable, ledger: CNY_LEDGER, userData },
      { id: ids.penalty, code: accountCodes.penaltyIncome, ledger: CNY_LEDGER, userData },
    ];
    const results = await createAccounts({ sql: tx, accounts });
    for (const result of results) {
      assert(result.status !== 'failed', `activateProgram: account ${result.id} refused`);
    }
    if (program.budgetFen !== undefined) {
      await runTransfers({
        tx,
        now,
        transfers: [
          {
            id: ledgerIdFor('program', program.id, 'fund'),
            debitAccountId: ids.treasury,
            creditAccountId: ids.budget,
            amountFen: program.budgetFen,
            ledger: CNY_LEDGER,
            code: transferCodes.fundBudget,
          },
        ],
      });
    }
    // A concurrent activation may have inserted first: then nothing happens here.
    await tx.query(
      `insert into voucher_programs
         (program_id, operator_tenant_id, budget_fen, disbursement, allocation,
          treasury_account_id, budget_account_id, payable_account_id, paid_out_account_id,
          receivable_account_id, penalty_account_id, default_grant_expires_on, activated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       on conflict (program_id) do nothing`,
      [
        program.id,
        options.operatorTenantId ?? null,
        program.budgetFen ?? null,
        program.disbursement,
        program.allocation,
        ids.treasury,
        ids.budget,
        ids.payable,
        ids.paidOut,
        ids.receivable,
        ids.penalty,
        program.effectiveTo ?? `${program.fiscalYear}-12-31`,
        now,
      ],
    );
    const activated = await findVoucherProgram(tx, program.id);
    assert(activated, 'activateProgram: program row missing after insert');
    return activated;
  };
  const { sql } = options;
  return inTransaction(sql, run);
}
