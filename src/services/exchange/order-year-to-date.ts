import type { Sql } from '../../db/client.ts';
import type { YearToDate } from '../../domain/policy/inputs.ts';
import { declaredContracts } from '../vouchers/index.ts';

/**
 * The year-to-date figures an exchange order's subsidy is decided on, as the voucher lifecycle
 * will judge the order's claim (`declaredContracts`): the program's budget is not counted again,
 * because the enterprise's grant already holds it; the yearly cap per enterprise and the rate
 * tiers keyed on this year's contracts count the enterprise's live claims under the program
 * **and** its reimbursement orders that no claim has named yet (each will be claimed); the order
 * is a new contract, so nothing was given on it yet. The clearing run probes the policy with
 * the same figures, so it plans what each order then gets; the signed-in calculator counts the
 * same contracts.
 */
export async function orderYearToDate(
  sql: Sql,
  enterpriseId: string,
  programId: string,
): Promise<YearToDate> {
  const figures = await declaredContracts({ sql, enterpriseId, programIds: [programId] });
  const program = figures.get(programId);
  return {
    enterpriseYearSubsidyFen: program?.subsidyFen ?? 0n,
    programYearCommittedFen: 0n,
    contractSubsidyFen: 0n,
    projectSubsidyFen: 0n,
    enterpriseYearContractsFen: program?.contractsFen ?? 0n,
  };
}
