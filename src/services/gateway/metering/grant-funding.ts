import type { Sql } from '../../../db/client.ts';
import {
  decideModelSubsidy,
  type DeclaredUse,
  type MeteredModel,
  type ModelSubsidy,
} from '../../../domain/gateway/model-subsidy.ts';
import { purchasePurposes, type PurchasePurpose } from '../../../domain/policy/program.ts';
import type { YearToDate } from '../../../domain/policy/inputs.ts';
import { shanghaiDayOf } from '../../../domain/shared/calendar.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { getBalances, sumTransfersByTag } from '../../ledger/index.ts';
import { enterpriseProfile, programInForce } from '../../vouchers/support/policy-context.ts';

/** The model voucher a lease spends: a grant, its account and its program's payable. */
export interface LeaseGrant {
  grantId: string;
  programId: string;
  accountId: string;
  /** The program's payable: where the voucher's share of model calls goes. */
  payableAccountId: string;
  budgetAccountId: string;
  /** The grant's own reservation (budget → grant), posted before the first lease. */
  reservationTransferId: string;
  expiresAt: Date;
  /** The purpose and project the application declared (programs may require a purpose). */
  declared: DeclaredUse;
}

function declaredUse(planned: Record<string, unknown>): DeclaredUse {
  const purpose = purchasePurposes.find((known) => known === planned.purpose);
  const tags = Array.isArray(planned.projectTags)
    ? planned.projectTags.filter((tag): tag is string => typeof tag === 'string')
    : undefined;
  return {
    ...(purpose === undefined ? {} : { purpose: purpose satisfies PurchasePurpose }),
    ...(typeof planned.projectId === 'string' ? { projectId: planned.projectId } : {}),
    ...(tags === undefined ? {} : { projectTags: tags }),
  };
}

/**
 * The enterprise's model voucher that pays first: an active grant of a `model` application, not
 * expired, the one expiring soonest (then by id). Null when it has none: the wallet pays all.
 */
export async function findLeaseGrant(
  sql: Sql,
  enterpriseId: string,
  now: Date,
): Promise<LeaseGrant | null> {
  const [row] = await sql.query<{
    id: string;
    program_id: string;
    account_id: string;
    payable_account_id: string;
    budget_account_id: string;
    reservation_transfer_id: string;
    expires_at: Date;
    planned_purchase: Record<string, unknown>;
  }>(
    `select g.id, g.program_id, g.account_id, p.payable_account_id, p.budget_account_id,
            g.reservation_transfer_id, g.expires_at, a.planned_purchase
       from voucher_grants g
       join voucher_applications a on a.id = g.application_id
       join voucher_programs p on p.program_id = g.program_id
      where g.enterprise_id = $1 and g.state = 'active' and g.expires_at > $2
        and a.planned_purchase->>'kind' = 'model'
      order by g.expires_at, g.id limit 1`,
    [enterpriseId, now],
  );
  if (!row) return null;
  return {
    grantId: row.id,
    programId: row.program_id,
    accountId: row.account_id,
    payableAccountId: row.payable_account_id,
    budgetAccountId: row.budget_account_id,
    reservationTransferId: row.reservation_transfer_id,
    expiresAt: row.expires_at,
    declared: declaredUse(row.planned_purchase),
  };
}

/**
 * What this enterprise already has of the program this year: its live claims (as the claims'
 * own evaluation counts them) plus what the gateway took from its grants of the program —
 * posted, and leased now (pending). The firm-year cap then covers claims and calls together.
 */
async function gatewayYearToDate(
  sql: Sql,
  grant: LeaseGrant,
  enterpriseId: string,
  now: Date,
): Promise<YearToDate> {
  const [claims] = await sql.query<{ fen: bigint }>(
    `select coalesce(sum(case when state in ('redeemed', 'paid') then redeemed_fen - clawed_back_fen
                              when state in ('submitted', 'evidence_complete') then reserved_fen
                              else 0 end), 0)::int8 as fen
       from voucher_claims where program_id = $1 and enterprise_id = $2`,
    [grant.programId, enterpriseId],
  );
  const grantAccounts = await sql.query<{ account_id: string }>(
    `select account_id from voucher_grants where program_id = $1 and enterprise_id = $2
      order by id limit 1000`,
    [grant.programId, enterpriseId],
  );
  const flows = await sumTransfersByTag({
    sql,
    accountIds: grantAccounts.map((row) => row.account_id),
    tagPrefix: 'gateway:',
    now,
  });
  let gatewayFen = 0n;
  for (const flow of flows) gatewayFen += flow.debitsPostedFen + flow.debitsOpenPendingFen;
  return {
    enterpriseYearSubsidyFen: (claims?.fen ?? 0n) + gatewayFen,
    programYearCommittedFen: 0n, // the grant already holds its budget
    contractSubsidyFen: 0n,
  };
}

/**
 * The program's decision for calls of `model` paid from `grant`, and how much more of the grant a
 * lease may take now (at most `wantedFen`): the policy engine on a `model` purchase, with the
 * program version in force today, the enterprise's profile (the provider's related parties
 * included) and its year to date.
 */
export async function decideGrantSubsidy(options: {
  sql: Sql;
  grant: LeaseGrant;
  enterpriseId: string;
  model: MeteredModel;
  wantedFen: bigint;
  now: Date;
}): Promise<ModelSubsidy> {
  const { sql, grant, enterpriseId, model, now } = options;
  const date = shanghaiDayOf(now);
  let program;
  try {
    program = await programInForce(sql, grant.programId, date);
  } catch (error) {
    // No version in force today: the program pays nothing today, the wallet pays the calls.
    if (error instanceof DomainError && error.code === 'PROGRAM_NOT_IN_FORCE') {
      return { rateBps: 0, voucherLimitFen: 0n, trace: [] };
    }
    throw error;
  }
  const { profile } = await enterpriseProfile(sql, enterpriseId, model.providerId);
  const [balance] = await getBalances({ sql, ids: [grant.accountId] });
  return decideModelSubsidy({
    program,
    enterprise: profile,
    model,
    declared: grant.declared,
    yearToDate: await gatewayYearToDate(sql, grant, enterpriseId, now),
    date,
    wantedFen: options.wantedFen > 0n ? options.wantedFen : 1n,
    grantAvailableFen: balance?.availableFen ?? 0n,
  });
}
