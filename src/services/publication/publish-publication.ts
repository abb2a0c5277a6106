import type { Database } from '../../db/client.ts';
import { publish } from '../../domain/publication/publication.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { recordPublicationAudit } from './audit.ts';
import { loadPublication } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import type { Publication } from './rows.ts';

/**
 * draft → published: the list becomes public and the objection window opens for the
 * publication's `objectionWindowDays`. Refused (CONFLICT, naming the claims) when one of its
 * claims went onto another public list since the draft was made, so no claim is listed twice.
 *
 * @example
 * await publishPublication({ db, publicationId, actor, now: new Date() });
 */
export async function publishPublication(options: {
  db: Database;
  publicationId: string;
  actor: Actor;
  now: Date;
}): Promise<Publication> {
  const { db, publicationId, actor, now } = options;
  const { operatorTenantId } = publicationScope(actor, 'publication.publish');
  return db.transaction(async (sql) => {
    const before = await loadPublication({
      sql,
      publicationId,
      operatorTenantId,
      lock: true,
    });
    const next = publish(before, now);
    // Publishing two drafts of one program at once must not list a claim twice: the check below
    // and the state change run one program at a time.
    await sql.query('select pg_advisory_xact_lock(hashtext($1))', [
      `publication:${before.programId}`,
    ]);
    // The same claim (claims lists) or grant (grants lists) on another public list of its kind.
    const listedElsewhere = await sql.query<{ claim_id: string | null; grant_id: string | null }>(
      `select e.claim_id, e.grant_id from publication_entries e
        where e.publication_id = $1 and exists (
          select 1 from publication_entries other join publications p on p.id = other.publication_id
           where p.id <> $1 and p.state <> 'draft' and p.source = $2
             and (other.claim_id = e.claim_id
                  or (e.claim_id is null and other.claim_id is null and other.grant_id = e.grant_id)))`,
      [publicationId, before.source],
    );
    if (listedElsewhere.length > 0) {
      throw new DomainError(
        'CONFLICT',
        `some ${before.source} are already on another publication`,
        {
          field: 'publicationId',
          ...(before.source === 'claims'
            ? { claimIds: listedElsewhere.map((row) => row.claim_id) }
            : { grantIds: listedElsewhere.map((row) => row.grant_id) }),
        },
      );
    }
    await sql.query(
      `update publications set state = 'published', published_at = $2,
         objection_window_closes_at = $3 where id = $1`,
      [publicationId, next.publishedAt, next.objectionWindowClosesAt],
    );
    const after = { ...before, ...next };
    await recordPublicationAudit({
      sql,
      actor,
      action: 'publication.publish',
      publication: after,
      before,
      now,
    });
    return after;
  });
}
