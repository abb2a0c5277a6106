import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import type { ChipOrigin, PurchaseKind } from '../../domain/policy/program.ts';
import { assert } from '../../domain/shared/assert.ts';
import { parseCalendarDate, shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { checkClaimContractDates } from '../../domain/vouchers/contract-dates.ts';
import { contractKey } from '../../domain/vouchers/contract-identity.ts';
import { isGrantUsable } from '../../domain/vouchers/grant.ts';
import type { Actor } from '../authz/actor.ts';
import {
  CLAIM_COLUMNS,
  assertNotBlacklisted,
  isUniqueViolation,
  loadGrant,
  toClaim,
  type Claim,
} from './support/rows.ts';
import {
  assertContractUnclaimed,
  assertMatchesExchangeOrder,
  contractConflict,
  flagSharedContract,
} from './support/contract-identity.ts';
import type { PurchaseProject } from './support/purchase-project.ts';
import { recordTransition } from './support/transitions.ts';
import { authorizeVoucher } from './voucher-access.ts';

/** The purchase line a claim is made for (the contract with a provider). */
export interface ClaimPurchase extends PurchaseProject {
  kind: PurchaseKind;
  /** The subsidised purchase amount under the contract. */
  amountFen: bigint;
  contractTermMonths?: number;
  /** First and last day of the contract's service term (optional; checked when given). */
  contractStartsOn?: string;
  contractEndsOn?: string;
  providerRegionCode?: string;
  chipOrigin?: ChipOrigin;
  filedModel?: boolean;
}

export interface CreateClaimOptions {
  db: Database;
  grantId: string;
  /** The enterprise making the claim; must own the grant. */
  enterpriseId: string;
  providerId: string;
  contractId: string;
  /** On or before the claim date: today in Asia/Shanghai at `now`. */
  contractSignedOn: string;
  contractAmountFen: bigint;
  purchase: ClaimPurchase;
  actor: Actor;
  now: Date;
}

/**
 * Drafts a claim against a contract under a grant. A contract is between the enterprise and the
 * provider and is compared by its normalised id (contractKey: case, full-width characters,
 * spaces and dashes do not count): one live claim per contract per program (CONFLICT naming the
 * enterprise's own claim; a rejected claim frees the contract). Another enterprise's claim on
 * the same contract with the same provider does not block this one: both are flagged for the
 * reviewer (flagSharedContract). The contract's dates must be real and possible
 * (checkClaimContractDates: signed on or before today, a term that ends after it starts). The policy is evaluated when the claim is submitted, and again on the final amounts
 * at redemption.
 */
export async function createClaim(options: CreateClaimOptions): Promise<Claim> {
  // The claim's enterprise is the grant's: drafting one is an action on the grant.
  await authorizeVoucher(options.db, options.actor, 'claim.create', 'grant', options.grantId);
  const { actor, now, purchase } = options;
  checkClaimContractDates(
    {
      signedOn: parseCalendarDate(options.contractSignedOn, 'contractSignedOn'),
      startsOn: optionalDate(purchase.contractStartsOn, 'purchase.contractStartsOn'),
      endsOn: optionalDate(purchase.contractEndsOn, 'purchase.contractEndsOn'),
      termMonths: purchase.contractTermMonths,
    },
    shanghaiDayOf(now),
  );
  const contractId = options.contractId.trim();
  if (contractId.length === 0 || contractId.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'contractId: 1–200 characters', {
      field: 'contractId',
    });
  }
  const key = contractKey(contractId);
  if (purchase.amountFen <= 0n || purchase.amountFen > options.contractAmountFen) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'purchase.amountFen: positive, at most the contract amount',
      {
        field: 'purchase.amountFen',
      },
    );
  }
  return options.db.transaction(async (tx) => {
    const grant = await loadGrant(tx, options.grantId);
    if (grant.enterpriseId !== options.enterpriseId) {
      throw new DomainError('NOT_FOUND', 'grant not found', { field: 'grantId' });
    }
    if (
      !isGrantUsable(grant.state === 'exhausted' ? 'active' : grant.state, grant.expiresAt, now)
    ) {
      throw new DomainError('GRANT_EXPIRED', `grant is ${grant.state}`, {
        field: 'grantId',
        state: grant.state,
      });
    }
    await assertNotBlacklisted(tx, grant.enterpriseId, grant.programId, now);
    const [provider] = await tx.query(`select 1 from tenants where id = $1 and kind = 'provider'`, [
      options.providerId,
    ]);
    if (!provider)
      throw new DomainError('NOT_FOUND', 'provider not found', { field: 'providerId' });
    await assertContractUnclaimed(tx, {
      programId: grant.programId,
      enterpriseId: grant.enterpriseId,
      providerId: options.providerId,
      contractKey: key,
    });
    await assertMatchesExchangeOrder(tx, key, {
      enterpriseId: grant.enterpriseId,
      providerId: options.providerId,
      contractAmountFen: options.contractAmountFen,
      kind: purchase.kind,
      chipOrigin: purchase.chipOrigin,
    });
    const id = uuidv7();
    const insert = tx.query(
      `insert into voucher_claims
         (id, grant_id, program_id, enterprise_id, provider_id, state, contract_id,
          contract_signed_on, contract_amount_fen, purchase, created_by, created_at, updated_at,
          contract_key)
       values ($1, $2, $3, $4, $5, 'draft', $6, $7::date, $8, $9::jsonb, $10, $11, $11, $12)
       returning ${CLAIM_COLUMNS}`,
      [
        id,
        grant.id,
        grant.programId,
        grant.enterpriseId,
        options.providerId,
        contractId,
        options.contractSignedOn,
        options.contractAmountFen,
        JSON.stringify({ ...purchase, amountFen: purchase.amountFen.toString() }),
        actor.userId,
        now,
        key,
      ],
    );
    const [row] = await insert.catch((error: unknown) => {
      // Lost a race with a concurrent claim of this enterprise on the same contract.
      if (isUniqueViolation(error)) throw contractConflict();
      throw error;
    });
    assert(row, 'createClaim: insert returned no row');
    await flagSharedContract(
      tx,
      { id, enterpriseId: grant.enterpriseId, providerId: options.providerId, contractId },
      key,
      now,
    );
    await recordTransition(
      tx,
      {
        entityType: 'claim',
        entityId: id,
        tenantId: grant.enterpriseId,
        action: 'create',
        from: null,
        to: 'draft',
        at: now,
      },
      actor,
    );
    return toClaim(row);
  });
}

function optionalDate(value: string | undefined, field: string): string | undefined {
  return value === undefined ? undefined : parseCalendarDate(value, field);
}
