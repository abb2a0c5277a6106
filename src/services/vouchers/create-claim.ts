import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import type { ChipOrigin, PurchaseKind, PurchasePurpose } from '../../domain/policy/program.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isGrantUsable } from '../../domain/vouchers/grant.ts';
import type { VoucherActor } from './support/actor.ts';
import {
  CLAIM_COLUMNS,
  assertNotBlacklisted,
  isUniqueViolation,
  loadGrant,
  toClaim,
  type Claim,
} from './support/rows.ts';
import { recordTransition } from './support/transitions.ts';

/** What a purchase is for and which project it serves (program conditions and caps use them). */
export interface PurchaseProject {
  purpose?: PurchasePurpose;
  projectId?: string;
  projectTags?: readonly string[];
}

/** The purpose and project fields of a request, without the absent ones. */
export function purchaseProjectOf(value: {
  purpose?: PurchasePurpose | undefined;
  projectId?: string | undefined;
  projectTags?: readonly string[] | undefined;
}): PurchaseProject {
  return {
    ...(value.purpose === undefined ? {} : { purpose: value.purpose }),
    ...(value.projectId === undefined ? {} : { projectId: value.projectId }),
    ...(value.projectTags === undefined ? {} : { projectTags: value.projectTags }),
  };
}

/** The purchase line a claim is made for (the contract with a provider). */
export interface ClaimPurchase extends PurchaseProject {
  kind: PurchaseKind;
  /** The subsidised purchase amount under the contract. */
  amountFen: bigint;
  contractTermMonths?: number;
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
  contractSignedOn: string;
  contractAmountFen: bigint;
  purchase: ClaimPurchase;
  actor: VoucherActor;
  now: Date;
}

/**
 * Drafts a claim against a contract under a grant. One live claim per contract per program
 * (CONFLICT otherwise; a rejected claim frees the contract). The policy is evaluated when the
 * claim is submitted, and again on the final amounts at redemption.
 */
export async function createClaim(options: CreateClaimOptions): Promise<Claim> {
  const { actor, now, purchase } = options;
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(options.contractSignedOn)) {
    throw new DomainError('VALIDATION_FAILED', 'contractSignedOn: an ISO date', {
      field: 'contractSignedOn',
    });
  }
  const contractId = options.contractId.trim();
  if (contractId.length === 0 || contractId.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'contractId: 1–200 characters', {
      field: 'contractId',
    });
  }
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
    const [taken] = await tx.query<{ id: string }>(
      `select id from voucher_claims where program_id = $1 and contract_id = $2 and state <> 'rejected'`,
      [grant.programId, contractId],
    );
    if (taken) {
      throw new DomainError('CONFLICT', 'this contract already has a claim under the program', {
        field: 'contractId',
        claimId: taken.id,
      });
    }
    const id = uuidv7();
    const insert = tx.query(
      `insert into voucher_claims
         (id, grant_id, program_id, enterprise_id, provider_id, state, contract_id,
          contract_signed_on, contract_amount_fen, purchase, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, 'draft', $6, $7::date, $8, $9::jsonb, $10, $11, $11)
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
      ],
    );
    const [row] = await insert.catch((error: unknown) => {
      // Lost a race with a concurrent claim on the same contract.
      if (isUniqueViolation(error)) {
        throw new DomainError('CONFLICT', 'this contract already has a claim under the program', {
          field: 'contractId',
        });
      }
      throw error;
    });
    assert(row, 'createClaim: insert returned no row');
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
