import type { Sql } from '../../db/client.ts';
import type { ObjectionState } from '../../domain/publication/objection.ts';
import type { Actor } from '../authz/actor.ts';
import { loadPublication } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import { OBJECTION_COLUMNS, toObjection, type Objection, type ObjectionRow } from './rows.ts';

/** Most objections one call returns (a publication accepts at most 10,000). */
export const OBJECTIONS_LIST_MAX = 1000;

/**
 * The objections to a publication the actor reaches (`objection.list`: staff of the program's
 * operator tenant), oldest first, optionally by state (the review queue is `state: 'open'`).
 * Objections are not public: filers may leave contacts.
 */
export async function listObjections(options: {
  sql: Sql;
  publicationId: string;
  actor: Actor;
  state?: ObjectionState | undefined;
}): Promise<Objection[]> {
  const { sql } = options;
  const scope = publicationScope(options.actor, 'objection.list');
  const publication = await loadPublication({
    sql,
    publicationId: options.publicationId,
    ...scope,
  });
  const rows = await sql.query<ObjectionRow>(
    `select ${OBJECTION_COLUMNS} from publication_objections
      where publication_id = $1 and ($2::text is null or state = $2)
      order by submitted_at, id limit $3`,
    [publication.id, options.state ?? null, OBJECTIONS_LIST_MAX],
  );
  return rows.map(toObjection);
}
