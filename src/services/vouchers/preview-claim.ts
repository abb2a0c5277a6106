import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../db/client.ts';
import type { ProgramEvaluation } from '../../domain/policy/evaluate-program.ts';
import {
  checkClaimDraft,
  decideClaimSubmission,
  type ClaimDraft,
} from './support/claim-decision.ts';

/** What drafting and submitting a claim now would reserve, and the evaluation behind it. */
export interface ClaimPreview {
  programId: string;
  /** The subsidy the claim would reserve: the policy's, capped by what the grant has left. */
  reservedFen: bigint;
  /** What the grant has left before the claim. */
  grantAvailableFen: bigint;
  evaluation: ProgramEvaluation;
}

/**
 * What `createClaim` then `submitClaim` would decide for `draft` if called now, reading only:
 * the draft's checks (`checkClaimDraft`) and the submission's decision (`decideClaimSubmission`)
 * are the very functions those two run before they write, on the claim as it would be stored
 * (a fresh id, created at `now`). Refusals are theirs, with their codes. Authorization is the
 * caller's: a quote has its own action.
 *
 * @example
 * const preview = await previewClaim({ sql: tx, draft, now });
 * preview.reservedFen // what submitClaim would reserve
 */
export async function previewClaim(options: {
  sql: Sql;
  draft: ClaimDraft;
  now: Date;
}): Promise<ClaimPreview> {
  const { sql, draft, now } = options;
  const { grant, contractId } = await checkClaimDraft(sql, draft, now);
  const decision = await decideClaimSubmission(sql, {
    grant,
    claim: {
      id: uuidv7(),
      programId: grant.programId,
      enterpriseId: grant.enterpriseId,
      providerId: draft.providerId,
      contractId,
      contractSignedOn: draft.contractSignedOn,
      contractAmountFen: draft.contractAmountFen,
      // As createClaim stores it (jsonb: the amount as a decimal string).
      purchase: JSON.parse(
        JSON.stringify({ ...draft.purchase, amountFen: draft.purchase.amountFen.toString() }),
      ) as Record<string, unknown>,
      createdAt: now,
    },
    now,
  });
  return {
    programId: grant.programId,
    reservedFen: decision.reservedFen,
    grantAvailableFen: decision.availableFen,
    evaluation: decision.evaluation,
  };
}
