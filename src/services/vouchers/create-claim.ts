import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import type { Actor } from '../authz/actor.ts';
import { CLAIM_COLUMNS, isUniqueViolation, toClaim, type Claim } from './support/rows.ts';
import { checkClaimDraft, type ClaimDraft } from './support/claim-decision.ts';
import { contractConflict, flagSharedContract } from './support/contract-identity.ts';
import { recordTransition } from './support/transitions.ts';
import { authorizeVoucher } from './voucher-access.ts';

export type { ClaimPurchase } from './support/claim-decision.ts';

export interface CreateClaimOptions extends ClaimDraft {
  db: Database;
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
  return options.db.transaction(async (tx) => {
    const { grant, contractId, contractKey: key } = await checkClaimDraft(tx, options, now);
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
