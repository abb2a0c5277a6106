import type { Sql } from '../../db/client.ts';
import type { Actor, PublicActor } from '../authz/actor.ts';
import { loadPublication } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import {
  ENTRY_COLUMNS,
  toEntry,
  type EntryRow,
  type Publication,
  type PublicationEntry,
} from './rows.ts';

/** Most entries one publication holds (and one detail response returns). */
export const PUBLICATION_ENTRIES_MAX = 5000;

/**
 * A publication with its entries in list order, if the caller reaches it (`publication.read`:
 * staff of the program's operator tenant; the public: published and closed ones, never drafts).
 *
 * @example
 * const { publication, entries } = await getPublication({ sql: db, publicationId,
 *   actor: publicActor });
 */
export async function getPublication(options: {
  sql: Sql;
  publicationId: string;
  actor: Actor | PublicActor;
}): Promise<{ publication: Publication; entries: PublicationEntry[] }> {
  const scope = publicationScope(options.actor, 'publication.read');
  const publication = await loadPublication({
    sql: options.sql,
    publicationId: options.publicationId,
    ...scope,
  });
  const rows = await options.sql.query<EntryRow>(
    `select ${ENTRY_COLUMNS} from publication_entries e
      where e.publication_id = $1 order by e.position limit $2`,
    [publication.id, PUBLICATION_ENTRIES_MAX],
  );
  return { publication, entries: rows.map(toEntry) };
}
