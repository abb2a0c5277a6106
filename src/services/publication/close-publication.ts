import type { Database, Sql } from '../../db/client.ts';
import { close } from '../../domain/publication/publication.ts';
import { systemActor, type Actor } from '../authz/actor.ts';
import { recordPublicationAudit } from './audit.ts';
import { loadPublication } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import {
  PUBLICATION_COLUMNS,
  toPublication,
  type Publication,
  type PublicationRow,
} from './rows.ts';

async function closeLocked(
  sql: Sql,
  before: Publication,
  actor: Actor,
  now: Date,
): Promise<Publication> {
  const [open] = await sql.query<{ count: bigint }>(
    `select count(*) as count from publication_objections where publication_id = $1 and state = 'open'`,
    [before.id],
  );
  const next = close(before, Number(open?.count ?? 0n), now);
  await sql.query(`update publications set state = 'closed', closed_at = $2 where id = $1`, [
    before.id,
    next.closedAt,
  ]);
  const after = { ...before, ...next };
  await recordPublicationAudit({
    sql,
    actor,
    action: 'publication.close',
    publication: after,
    before,
    now,
  });
  return after;
}

/**
 * published → closed once the objection window is over and every objection is resolved; from
 * then on the listed claims (except withdrawn entries) may be paid out.
 */
export async function closePublication(options: {
  db: Database;
  publicationId: string;
  actor: Actor;
  now: Date;
}): Promise<Publication> {
  const { db, publicationId, actor, now } = options;
  const { operatorTenantId } = publicationScope(actor, 'publication.close');
  return db.transaction(async (sql) => {
    const before = await loadPublication({
      sql,
      publicationId,
      operatorTenantId,
      lock: true,
    });
    return closeLocked(sql, before, actor, now);
  });
}

/** Most publications one run of the closing job handles; the next run takes the rest. */
const CLOSE_BATCH_MAX = 100;

/**
 * The periodic job: closes every published publication whose window is over and that has no
 * open objection (those wait for an operator). Returns the ids it closed.
 */
export async function closeDuePublications(options: {
  db: Database;
  now: Date;
}): Promise<string[]> {
  const { db, now } = options;
  return db.transaction(async (sql) => {
    const rows = await sql.query<PublicationRow>(
      `select ${PUBLICATION_COLUMNS} from publications p
        where state = 'published' and objection_window_closes_at <= $1
          and not exists (select 1 from publication_objections o
                           where o.publication_id = p.id and o.state = 'open')
        order by objection_window_closes_at, id limit $2 for update skip locked`,
      [now, CLOSE_BATCH_MAX],
    );
    const closed: string[] = [];
    for (const row of rows) {
      const publication = toPublication(row);
      await closeLocked(sql, publication, systemActor, now);
      closed.push(publication.id);
    }
    return closed;
  });
}
