import type { Sql } from '../../../db/client.ts';
import type { AllocationMode, DisbursementMode } from '../../../domain/policy/program.ts';
import { DomainError } from '../../../domain/shared/errors.ts';

/** A program activated for vouchers: its ledger accounts and modes. */
export interface VoucherProgram {
  programId: string;
  operatorTenantId: string | null;
  /** Null when the program publishes no annual pool (then each grant is funded as it is made). */
  budgetFen: bigint | null;
  disbursement: DisbursementMode;
  allocation: AllocationMode;
  accounts: {
    treasury: string;
    budget: string;
    payable: string;
    paidOut: string;
    receivable: string;
    penalty: string;
  };
  /** ISO date automatic and first-come grants expire on (end of day, Asia/Shanghai). */
  defaultGrantExpiresOn: string;
  activatedAt: Date;
}

interface ProgramRow {
  program_id: string;
  operator_tenant_id: string | null;
  budget_fen: bigint | null;
  disbursement: DisbursementMode;
  allocation: AllocationMode;
  treasury_account_id: string;
  budget_account_id: string;
  payable_account_id: string;
  paid_out_account_id: string;
  receivable_account_id: string;
  penalty_account_id: string;
  default_grant_expires_on: string;
  activated_at: Date;
}

function toProgram(row: ProgramRow): VoucherProgram {
  return {
    programId: row.program_id,
    operatorTenantId: row.operator_tenant_id,
    budgetFen: row.budget_fen,
    disbursement: row.disbursement,
    allocation: row.allocation,
    accounts: {
      treasury: row.treasury_account_id,
      budget: row.budget_account_id,
      payable: row.payable_account_id,
      paidOut: row.paid_out_account_id,
      receivable: row.receivable_account_id,
      penalty: row.penalty_account_id,
    },
    defaultGrantExpiresOn: row.default_grant_expires_on,
    activatedAt: row.activated_at,
  };
}

/** The activated program, or null. */
export async function findVoucherProgram(
  sql: Sql,
  programId: string,
): Promise<VoucherProgram | null> {
  const [row] = await sql.query<ProgramRow>(
    `select program_id, operator_tenant_id, budget_fen, disbursement, allocation,
            treasury_account_id, budget_account_id, payable_account_id, paid_out_account_id,
            receivable_account_id, penalty_account_id, activated_at,
            to_char(default_grant_expires_on, 'YYYY-MM-DD') as default_grant_expires_on
       from voucher_programs where program_id = $1`,
    [programId],
  );
  return row ? toProgram(row) : null;
}

/** The activated program, or PROGRAM_NOT_FOUND. */
export async function loadVoucherProgram(sql: Sql, programId: string): Promise<VoucherProgram> {
  const program = await findVoucherProgram(sql, programId);
  if (!program) {
    throw new DomainError('PROGRAM_NOT_FOUND', `program '${programId}' has no vouchers yet`, {
      field: 'programId',
    });
  }
  return program;
}
