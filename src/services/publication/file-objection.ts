import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { validateObjection } from '../../domain/publication/objection.ts';
import { isObjectionWindowOpen } from '../../domain/publication/publication.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { PublicActor } from '../authz/actor.ts';
import { recordPublicationAudit } from './audit.ts';
import { notExcludedSql } from './stale-entries.ts';
import { assertUuid, loadPublication } from './load-publication.ts';
import { OBJECTION_COLUMNS, toObjection, type Objection, type ObjectionRow } from './rows.ts';

/** Objections one submitter (network address) may file per hour, across all publications. */
export const OBJECTIONS_PER_SUBMITTER_HOUR_MAX = 5;
/** Objections one publication accepts in total: a flood must not bury real ones. */
export const OBJECTIONS_PER_PUBLICATION_MAX = 10_000;
const HOUR_MS = 3_600_000;

/**
 * The submitter key stored with an objection: a salted sha256 of the caller's address, so floods
 * can be limited and spotted without keeping anyone's IP address.
 */
export function submitterHash(address: string, salt: string): string {
  return createHash('sha256').update(`${salt}\u0000${address}`).digest('hex');
}

/**
 * Anyone may object while the window is open (no login). The text is checked and trimmed; the
 * entry, if named, must be on this publication. Rate-limited per submitter in the database, so
 * the limit holds across processes: RATE_LIMITED with `retryAfterSeconds`.
 *
 * @example
 * await fileObjection({ db, publicationId, entryId, body: '…', submitter: hash,
 *   actor: publicActor, now });
 */
export async function fileObjection(options: {
  db: Database;
  publicationId: string;
  entryId?: string | undefined;
  body: string;
  contact?: string | undefined;
  submitter: string;
  /** Always the public, signed in or not: the filer is not identified (see `PublicActor`). */
  actor: PublicActor;
  now: Date;
}): Promise<Objection> {
  const { db, publicationId, submitter, now } = options;
  const text = validateObjection({ body: options.body, contact: options.contact });
  if (options.entryId !== undefined) assertUuid(options.entryId, 'entryId');
  return db.transaction(async (sql) => {
    // `for share`: closing (which locks `for update` and counts open objections) waits for this
    // objection to commit, or this waits for the close and then sees the list closed. Without
    // it an objection could land on a list closed a moment earlier, and its claim be paid.
    const publication = await loadPublication({
      sql,
      publicationId,
      publicOnly: true,
      lock: 'share',
    });
    if (!isObjectionWindowOpen(publication, now)) {
      throw new DomainError('OBJECTION_WINDOW_CLOSED', undefined, {
        objectionWindowClosesAt: publication.objectionWindowClosesAt?.toISOString() ?? null,
      });
    }
    if (options.entryId !== undefined) {
      const entries = await sql.query(
        `select 1 from publication_entries e
          where e.id = $1 and e.publication_id = $2 and ${notExcludedSql('e')}`,
        [options.entryId, publicationId],
      );
      if (entries.length === 0) {
        throw new DomainError('NOT_FOUND', 'no such entry on this publication', {
          field: 'entryId',
        });
      }
    }
    // One submitter's objections are counted and inserted under its own lock, so concurrent
    // requests cannot all pass the count.
    await sql.query('select pg_advisory_xact_lock(hashtext($1))', [`objection:${submitter}`]);
    const [counts] = await sql.query<{ recent: bigint; total: bigint }>(
      `select (select count(*) from publication_objections
                where submitter_hash = $1 and submitted_at > $2) as recent,
              (select count(*) from publication_objections where publication_id = $3) as total`,
      [submitter, new Date(now.getTime() - HOUR_MS), publicationId],
    );
    if ((counts?.recent ?? 0n) >= BigInt(OBJECTIONS_PER_SUBMITTER_HOUR_MAX)) {
      throw new DomainError('RATE_LIMITED', 'too many objections from this address; retry later', {
        retryAfterSeconds: 3600,
      });
    }
    if ((counts?.total ?? 0n) >= BigInt(OBJECTIONS_PER_PUBLICATION_MAX)) {
      throw new DomainError('RATE_LIMITED', 'this publication has reached its objection limit', {
        retryAfterSeconds: 3600,
      });
    }
    const [row] = await sql.query<ObjectionRow>(
      `insert into publication_objections
         (id, publication_id, entry_id, body, contact, submitter_hash, state, submitted_at)
       values ($1, $2, $3, $4, $5, $6, 'open', $7) returning ${OBJECTION_COLUMNS}`,
      [uuidv7(), publicationId, options.entryId ?? null, text.body, text.contact, submitter, now],
    );
    if (!row) throw new Error('insert returned no row');
    const objection = toObjection(row);
    await recordPublicationAudit({
      sql,
      actor: options.actor,
      action: 'publication.objection.file',
      publication,
      objection,
      now,
    });
    return objection;
  });
}
