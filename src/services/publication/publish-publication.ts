import type { Database } from '../../db/client.ts';
import { publish } from '../../domain/publication/publication.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { recordPublicationAudit } from './audit.ts';
import { loadPublication } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import type { Publication } from './rows.ts';
import {
  excludeEntries,
  findStaleEntries,
  notExcludedSql,
  type StaleEntry,
} from './stale-entries.ts';

function staleJson(entry: StaleEntry): Record<string, string | null> {
  return {
    entryId: entry.entryId,
    claimId: entry.claimId,
    grantId: entry.grantId,
    amountFen: entry.amountFen.toString(),
    reason: entry.reason,
  };
}

/**
 * draft → published: the list becomes public and the objection window opens for the
 * publication's `objectionWindowDays`. Refused (CONFLICT, naming the claims) when one of its
 * claims went onto another public list since the draft was made, so no claim is listed twice.
 * Every entry is checked against its claim (or grant) again: one clawed back, rejected, partly
 * clawed back or voided since the draft is dropped, with the reason, and the list's count and
 * total follow — so the public list always matches the ledger (`publication.excludedEntries` in
 * the audit event). A list with nothing left is refused (CONFLICT) and stays a draft.
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
           where p.id <> $1 and p.state <> 'draft' and p.source = $2 and ${notExcludedSql('other')}
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
    const stale = await findStaleEntries(sql, publicationId, before.source);
    if (stale.length === before.entryCount) {
      throw new DomainError('CONFLICT', 'no entry of this list still matches the ledger', {
        field: 'publicationId',
        excludedEntries: stale.map(staleJson),
      });
    }
    await excludeEntries({ sql, publicationId, stale, now });
    await sql.query(
      `update publications set state = 'published', published_at = $2,
         objection_window_closes_at = $3 where id = $1`,
      [publicationId, next.publishedAt, next.objectionWindowClosesAt],
    );
    const droppedFen = stale.reduce((sum, entry) => sum + entry.amountFen, 0n);
    const after = {
      ...before,
      ...next,
      entryCount: before.entryCount - stale.length,
      totalFen: before.totalFen - droppedFen,
    };
    await recordPublicationAudit({
      sql,
      actor,
      action: 'publication.publish',
      publication: after,
      before,
      ...(stale.length > 0 ? { excludedEntries: stale.map(staleJson) } : {}),
      now,
    });
    return after;
  });
}
