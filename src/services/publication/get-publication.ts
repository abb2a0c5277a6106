import type { Sql } from '../../db/client.ts';
import type { Actor, PublicActor } from '../authz/actor.ts';
import { loadPublication } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import { listExcludedEntries, notExcludedSql, type StaleEntry } from './stale-entries.ts';
import {
  ENTRY_COLUMNS,
  toEntry,
  type EntryRow,
  type Publication,
  type PublicationEntry,
} from './rows.ts';

/** An entry dropped at publication: it no longer matched its claim or grant. */
export type ExcludedEntry = StaleEntry & { excludedAt: Date };

/** Most entries one publication holds (and one detail response returns). */
export const PUBLICATION_ENTRIES_MAX = 5000;

/**
 * A publication with its entries in list order, if the caller reaches it (`publication.read`:
 * staff of the program's operator tenant; the public: published and closed ones, never drafts),
 * without those dropped when it was published (they were never public: `listExcludedEntries`).
 *
 * @example
 * const { publication, entries } = await getPublication({ sql: db, publicationId,
 *   actor: publicActor });
 */
export async function getPublication(options: {
  sql: Sql;
  publicationId: string;
  actor: Actor | PublicActor;
}): Promise<{
  publication: Publication;
  entries: PublicationEntry[];
  /** Entries dropped when the list was published, with the reason (for operator staff). */
  excludedEntries: ExcludedEntry[];
}> {
  const scope = publicationScope(options.actor, 'publication.read');
  const publication = await loadPublication({
    sql: options.sql,
    publicationId: options.publicationId,
    ...scope,
  });
  const rows = await options.sql.query<EntryRow>(
    `select ${ENTRY_COLUMNS} from publication_entries e
      where e.publication_id = $1 and ${notExcludedSql('e')} order by e.position limit $2`,
    [publication.id, PUBLICATION_ENTRIES_MAX],
  );
  const excludedEntries = await listExcludedEntries(options.sql, publication.id);
  return { publication, entries: rows.map(toEntry), excludedEntries };
}
