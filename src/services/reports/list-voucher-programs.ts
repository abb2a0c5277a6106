import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';

/** A program opened for vouchers, as the operator's pages pick it. */
export interface VoucherProgramEntry {
  programId: string;
  /** The annual pool funded at opening; null when the program publishes none. */
  budgetFen: bigint | null;
  allocation: string;
  disbursement: string;
  activatedAt: Date;
}

/** Most programs listed (an operator tenant runs a handful a year). */
const MAX_PROGRAMS = 500;

/**
 * The programs opened for vouchers under the caller's operator tenant (every one for the
 * system), newest first: what the dashboard, the review queue and the payouts page choose from.
 * `programBudget.read`.
 *
 * @example
 * const programs = await listVoucherPrograms({ sql: db, actor });
 */
export async function listVoucherPrograms(options: {
  sql: Sql;
  actor: Actor;
}): Promise<VoucherProgramEntry[]> {
  const scope = listScope(options.actor, 'programBudget.read');
  const rows = await options.sql.query<{
    program_id: string;
    budget_fen: bigint | null;
    allocation: string;
    disbursement: string;
    activated_at: Date;
  }>(
    `select program_id, budget_fen, allocation, disbursement, activated_at from voucher_programs
      where $1::uuid is null or operator_tenant_id = $1::uuid
      order by activated_at desc, program_id limit ${MAX_PROGRAMS}`,
    [scope.operatorTenantId],
  );
  return rows.map((row) => ({
    programId: row.program_id,
    budgetFen: row.budget_fen,
    allocation: row.allocation,
    disbursement: row.disbursement,
    activatedAt: row.activated_at,
  }));
}
