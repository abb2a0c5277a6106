import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { authorizeVoucher } from './voucher-access.ts';
import { listTransitions, type TransitionView } from './support/transitions.ts';
import {
  loadApplication,
  loadClaim,
  loadGrant,
  type Application,
  type Claim,
  type Grant,
} from './support/rows.ts';
import type { AttachmentSummary } from './claim-attachments.ts';
import { listClaimInvoices, type ClaimInvoice } from './support/invoice-identity.ts';
import { listClaimPayments, type ClaimPayment } from './support/payment-evidence.ts';
import { riskFlagsFor, type RiskFlagView } from './support/risk-flags.ts';

/** An application the actor may read (`application.read`) with its history of transitions. */
export async function getApplication(options: {
  sql: Sql;
  actor: Actor;
  applicationId: string;
}): Promise<{ application: Application; transitions: TransitionView[] }> {
  await authorizeVoucher(
    options.sql,
    options.actor,
    'application.read',
    'application',
    options.applicationId,
  );
  const application = await loadApplication(options.sql, options.applicationId);
  return {
    application,
    transitions: await listTransitions(options.sql, 'application', application.id),
  };
}

/** A grant the actor may read (`grant.read`) with its history. */
export async function getGrant(options: {
  sql: Sql;
  actor: Actor;
  grantId: string;
}): Promise<{ grant: Grant; transitions: TransitionView[] }> {
  await authorizeVoucher(options.sql, options.actor, 'grant.read', 'grant', options.grantId);
  const grant = await loadGrant(options.sql, options.grantId);
  return { grant, transitions: await listTransitions(options.sql, 'grant', grant.id) };
}

/** A claim with everything its detail view shows. */
export interface ClaimDetail {
  claim: Claim;
  transitions: TransitionView[];
  attachments: AttachmentSummary[];
  invoices: ClaimInvoice[];
  payments: ClaimPayment[];
  /** Operator staff only (null for the enterprise and the provider). */
  riskFlags: RiskFlagView[] | null;
}

/**
 * A claim the actor may read (`claim.read`: its enterprise, its provider, staff of its
 * program's operator) with its history, its evidence files (metadata, not the bytes), every
 * invoice and payment proof, and — for operator staff only — its risk flags.
 */
export async function getClaim(options: {
  sql: Sql;
  actor: Actor;
  claimId: string;
}): Promise<ClaimDetail> {
  await authorizeVoucher(options.sql, options.actor, 'claim.read', 'claim', options.claimId);
  const claim = await loadClaim(options.sql, options.claimId);
  const rows = await options.sql.query<{
    id: string;
    kind: string;
    filename: string;
    content_type: string;
    size_bytes: number;
    sha256: string;
    created_at: Date;
  }>(
    `select id, kind, filename, content_type, size_bytes, sha256, created_at
       from voucher_claim_attachments where claim_id = $1 order by id limit 100`,
    [claim.id],
  );
  const flags = await riskFlagsFor(options.sql, options.actor, [claim.id]);
  return {
    claim,
    transitions: await listTransitions(options.sql, 'claim', claim.id),
    invoices: await listClaimInvoices(options.sql, claim.id),
    payments: await listClaimPayments(options.sql, claim.id),
    riskFlags: flags?.get(claim.id) ?? null,
    attachments: rows.map((row) => ({
      id: row.id,
      claimId: claim.id,
      kind: row.kind,
      filename: row.filename,
      contentType: row.content_type,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      createdAt: row.created_at,
    })),
  };
}
