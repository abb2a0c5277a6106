import type { Sql } from '../../db/client.ts';
import { listTransitions, type TransitionView } from './support/transitions.ts';
import {
  loadApplication,
  loadClaim,
  loadGrant,
  type Application,
  type Claim,
  type Grant,
} from './support/rows.ts';
import type { AttachmentSummary } from './add-claim-attachment.ts';

/** An application with its history of transitions. */
export async function getApplication(options: {
  sql: Sql;
  applicationId: string;
}): Promise<{ application: Application; transitions: TransitionView[] }> {
  const application = await loadApplication(options.sql, options.applicationId);
  return {
    application,
    transitions: await listTransitions(options.sql, 'application', application.id),
  };
}

/** A grant with its history. */
export async function getGrant(options: {
  sql: Sql;
  grantId: string;
}): Promise<{ grant: Grant; transitions: TransitionView[] }> {
  const grant = await loadGrant(options.sql, options.grantId);
  return { grant, transitions: await listTransitions(options.sql, 'grant', grant.id) };
}

/** A claim alone, for access checks that need neither history nor evidence; 404 if absent. */
export function findClaim(options: { sql: Sql; claimId: string }): Promise<Claim> {
  return loadClaim(options.sql, options.claimId);
}

/** A claim with its history and its evidence files (metadata, not the bytes). */
export async function getClaim(options: {
  sql: Sql;
  claimId: string;
}): Promise<{ claim: Claim; transitions: TransitionView[]; attachments: AttachmentSummary[] }> {
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
  return {
    claim,
    transitions: await listTransitions(options.sql, 'claim', claim.id),
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
