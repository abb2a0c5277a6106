import type { Sql } from '../../../db/client.ts';
import { missingEvidence, type AttachmentKind } from '../../../domain/vouchers/evidence.ts';
import type { Actor } from '../../authz/actor.ts';
import { moveClaim } from './move-claim.ts';
import type { Claim } from './rows.ts';

/** What is still missing before the claim's evidence is complete (kinds and amount fields). */
export async function missingClaimEvidence(tx: Sql, claim: Claim): Promise<string[]> {
  const rows = await tx.query<{ kind: AttachmentKind }>(
    'select distinct kind from voucher_claim_attachments where claim_id = $1',
    [claim.id],
  );
  const missing: string[] = missingEvidence(rows.map((row) => row.kind));
  if (claim.invoiceNumber === null || claim.invoiceAmountFen === null)
    missing.push('invoiceNumber');
  if (claim.paidAmountFen === null) missing.push('paidAmountFen');
  return missing;
}

/** Moves a submitted claim to evidence_complete once invoice, payment and delivery proof are in. */
export async function completeEvidenceIfReady(
  tx: Sql,
  claim: Claim,
  actor: Actor,
  now: Date,
): Promise<Claim> {
  if (claim.state !== 'submitted') return claim;
  if ((await missingClaimEvidence(tx, claim)).length > 0) return claim;
  return moveClaim({ tx, claim, action: 'complete_evidence', actor, now });
}
