import type { Sql } from '../../db/client.ts';
import type { EnterpriseProfile, YearToDate } from '../../domain/policy/inputs.ts';
import { getBalances } from '../ledger/index.ts';
import { definitionsInForce } from '../programs/index.ts';
import { contractKey } from '../../domain/vouchers/contract-identity.ts';
import { declaredContracts } from './declared-contracts.ts';
import { enterpriseProfile } from './support/policy-context.ts';

/** One program's figures for an enterprise in the program's fiscal year, as the calculator used them. */
export interface ProgramYearToDate {
  /** The fiscal year of the program version in force on the evaluation date. */
  fiscalYear: number;
  /** Granted to this enterprise under the program's versions of that fiscal year, net of returns (clawed-back grants left out). */
  grantedFen: bigint;
  /** Of that, what its live claims reserve or redeemed. */
  claimedFen: bigint;
  /** The program's budget committed to every enterprise (funded minus available). */
  programCommittedFen: bigint;
  /** What the enterprise's live claims under the program hold on this contract. */
  contractSubsidyFen: bigint;
  /**
   * This year's contracts declared to the program, other than this one: its live claims' and
   * its unclaimed reimbursement orders' (`declaredContracts`), as its next claim is judged.
   */
  declaredContractsFen: bigint;
}

export interface CalculatorContext {
  enterpriseId: string;
  profile: EnterpriseProfile;
  /** Per program in force on the date, by program id. */
  figures: Record<string, ProgramYearToDate>;
  /** The same figures as the policy engine takes them. */
  yearToDate: Record<string, YearToDate>;
}

/** Live amount of a claim: redeemed once redeemed, else what it reserves (as claim-policy.ts). */
const LIVE_CLAIM_FEN = `case when c.state in ('redeemed', 'paid') then c.redeemed_fen - c.clawed_back_fen
                           when c.state in ('submitted', 'evidence_complete') then c.reserved_fen
                           else 0 end`;

/**
 * What the subsidy calculator needs to answer for a signed-in enterprise instead of a profile
 * typed by hand: its registered profile and, for every program in force on `date`, what it
 * already got in that program's fiscal year. The enterprise-year cap is charged with what was
 * granted (a claim draws on a grant, so granted ≥ claimed), as the application pre-check does;
 * the program-year figure is the budget committed to everyone; rate tiers keyed on this year's
 * contracts count the contracts its claims and exchange orders declared (`declaredContracts`),
 * as the order and the claim will. Reads only.
 *
 * @example
 * const context = await getCalculatorContext({ sql: db, enterpriseId, contractId: 'c-1', date: '2025-04-01' });
 * calculateSubsidy({ …, enterprise: context.profile, yearToDate: context.yearToDate[programId] });
 */
export async function getCalculatorContext(options: {
  sql: Sql;
  enterpriseId: string;
  /** The contract of the purchase being calculated. */
  contractId: string;
  date: string;
}): Promise<CalculatorContext> {
  const { sql, enterpriseId } = options;
  const { profile } = await enterpriseProfile(sql, enterpriseId);
  const programs = await definitionsInForce({ sql }, options.date);
  const programIds = programs.map((program) => program.id);
  const fiscalYears = programs.map((program) => program.fiscalYear);
  const enterpriseRows = await sql.query<{
    program_id: string;
    granted_fen: bigint;
    claimed_fen: bigint;
    contract_fen: bigint;
  }>(
    `with years as (select * from unnest($2::text[], $3::int[]) as y(program_id, fiscal_year)),
          grants as (
            select g.id, g.program_id, g.amount_fen - g.returned_fen as net_fen
              from voucher_grants g
              join voucher_applications a on a.id = g.application_id
              join program_versions v on v.program_id = a.program_id and v.version = a.program_version
              join years y on y.program_id = g.program_id and y.fiscal_year = v.fiscal_year
             where g.enterprise_id = $1 and g.state <> 'clawed_back')
     select y.program_id,
            (select coalesce(sum(net_fen), 0) from grants where grants.program_id = y.program_id)::int8
              as granted_fen,
            (select coalesce(sum(${LIVE_CLAIM_FEN}), 0) from voucher_claims c
              where c.grant_id in (select id from grants where grants.program_id = y.program_id))::int8
              as claimed_fen,
            (select coalesce(sum(${LIVE_CLAIM_FEN}), 0) from voucher_claims c
              where c.enterprise_id = $1 and c.program_id = y.program_id and c.contract_id = $4)::int8
              as contract_fen
       from years y`,
    [enterpriseId, programIds, fiscalYears, options.contractId],
  );
  const committed = await committedByProgram(sql, programIds);
  const declared = await declaredContracts({
    sql,
    enterpriseId,
    programIds,
    excludeContractKey: contractKeyOrNone(options.contractId),
  });
  const figures: Record<string, ProgramYearToDate> = {};
  const yearToDate: Record<string, YearToDate> = {};
  for (const row of enterpriseRows) {
    const fiscalYear = fiscalYears[programIds.indexOf(row.program_id)] ?? 0;
    const programCommittedFen = committed.get(row.program_id) ?? 0n;
    const declaredContractsFen = declared.get(row.program_id)?.contractsFen ?? 0n;
    figures[row.program_id] = {
      fiscalYear,
      grantedFen: row.granted_fen,
      claimedFen: row.claimed_fen,
      programCommittedFen,
      contractSubsidyFen: row.contract_fen,
      declaredContractsFen,
    };
    yearToDate[row.program_id] = {
      enterpriseYearSubsidyFen: row.granted_fen,
      programYearCommittedFen: programCommittedFen,
      contractSubsidyFen: row.contract_fen,
      // Rate tiers keyed on this year's contracts see what the order and the claim will see.
      enterpriseYearContractsFen: declaredContractsFen,
    };
  }
  return { enterpriseId, profile, figures, yearToDate };
}

/** The contract's key, or none when the id has no letters or digits (nothing can match it). */
function contractKeyOrNone(contractId: string): string | undefined {
  try {
    return contractKey(contractId);
  } catch {
    return undefined;
  }
}

/** Budget committed per program that runs vouchers with an annual pool: funded minus available. */
async function committedByProgram(
  sql: Sql,
  programIds: readonly string[],
): Promise<Map<string, bigint>> {
  const pools = await sql.query<{ program_id: string; budget_fen: bigint; account_id: string }>(
    `select program_id, budget_fen, budget_account_id as account_id from voucher_programs
      where program_id = any($1::text[]) and budget_fen is not null`,
    [programIds],
  );
  const balances = await getBalances({ sql, ids: pools.map((pool) => pool.account_id) });
  const committed = new Map<string, bigint>();
  for (const pool of pools) {
    const available = balances.find(
      (balance) => balance.accountId === pool.account_id,
    )?.availableFen;
    const fen = pool.budget_fen - (available ?? pool.budget_fen);
    committed.set(pool.program_id, fen > 0n ? fen : 0n);
  }
  return committed;
}
