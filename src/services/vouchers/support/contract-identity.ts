import type { Sql } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import {
  assertClaimMatchesExchangeContract,
  type ClaimedContract,
  type ExchangeContract,
} from '../../../domain/vouchers/contract-identity.ts';
import { contractSharedReason } from '../../../domain/vouchers/risk-flags.ts';
import { raisePairedRiskFlags } from './risk-flags.ts';

/** Who the contract is between, and under which program it is claimed. */
export interface ContractParties {
  programId: string;
  enterpriseId: string;
  providerId: string;
  /** contractKey(contractId): the normalised id. */
  contractKey: string;
}

/**
 * CONFLICT when this enterprise already has a live claim on the contract (same provider, same
 * normalised id) under the program. The details carry that claim's id — the caller's own — and
 * nothing of any other tenant.
 */
export async function assertContractUnclaimed(tx: Sql, contract: ContractParties): Promise<void> {
  const [taken] = await tx.query<{ id: string }>(
    `select id from voucher_claims
      where program_id = $1 and enterprise_id = $2 and provider_id = $3 and contract_key = $4
        and state <> 'rejected'
      limit 1`,
    [contract.programId, contract.enterpriseId, contract.providerId, contract.contractKey],
  );
  if (taken) throw contractConflict(taken.id);
}

/**
 * A claim naming a compute-exchange order's contract number must match the order
 * (assertClaimMatchesExchangeContract). Read from the exchange's table by the contract key, so
 * the voucher module needs nothing of the exchange's code.
 */
export async function assertMatchesExchangeOrder(
  tx: Sql,
  contractKey: string,
  claim: ClaimedContract,
): Promise<void> {
  const [order] = await tx.query<{
    enterprise_id: string;
    provider_id: string;
    amount_fen: bigint;
    chip_origin: ExchangeContract['chipOrigin'];
    state: ExchangeContract['state'];
  }>(
    `select enterprise_id, provider_id, amount_fen, chip_origin, state from exchange_orders
      where contract_key = $1 order by created_at limit 1`,
    [contractKey],
  );
  if (order === undefined) return;
  assertClaimMatchesExchangeContract(
    {
      enterpriseId: order.enterprise_id,
      providerId: order.provider_id,
      amountFen: order.amount_fen,
      chipOrigin: order.chip_origin,
      state: order.state,
    },
    claim,
  );
}

/** The CONFLICT of a second claim on one contract (`ownClaimId`: the caller's, when known). */
export function contractConflict(ownClaimId?: string): DomainError {
  return new DomainError(
    'CONFLICT',
    'you already have a claim on this contract with this provider under the program',
    { field: 'contractId', ...(ownClaimId === undefined ? {} : { claimId: ownClaimId }) },
  );
}

/** Most other claims one new claim is flagged against (a bound on the loop). */
const MAX_SHARED_CLAIMS = 20;

/**
 * Flags the new claim and every live claim of another enterprise that names the same contract
 * (normalised id) with the same provider, under any program: one of the enterprises has
 * probably used a contract that is not its own, and a reviewer decides which.
 */
export async function flagSharedContract(
  tx: Sql,
  claim: { id: string; enterpriseId: string; providerId: string; contractId: string },
  contractKey: string,
  now: Date,
): Promise<void> {
  const others = await tx.query<{ id: string; enterprise_id: string }>(
    `select id, enterprise_id from voucher_claims
      where provider_id = $1 and contract_key = $2 and enterprise_id <> $3
        and state <> 'rejected'
      order by id limit ${MAX_SHARED_CLAIMS}`,
    [claim.providerId, contractKey, claim.enterpriseId],
  );
  for (const other of others) {
    await raisePairedRiskFlags(tx, {
      kind: 'contract_shared',
      reason: contractSharedReason(claim.contractId),
      claim: { id: claim.id, enterpriseId: claim.enterpriseId },
      related: { id: other.id, enterpriseId: other.enterprise_id },
      now,
    });
  }
}
