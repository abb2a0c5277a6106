import type { Sql } from '../../db/client.ts';
import type { PublicationState } from '../../domain/publication/publication.ts';
import { operatorProgramsSql } from '../programs/program-owner.ts';
import type { Actor, PublicActor } from '../authz/actor.ts';
import { assertUuid } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import {
  PUBLICATION_COLUMNS,
  toPublication,
  type Publication,
  type PublicationRow,
} from './rows.ts';

/** Largest page of publications. */
export const PUBLICATIONS_PAGE_MAX = 200;

/**
 * Publications newest first (ids are UUIDv7, so id order is creation order), one page at a
 * time: pass the last id as `beforeId`. The public sees published and closed ones of every
 * operator; operator staff (`publication.list`) those of their operator tenant's programs,
 * drafts included (a program without an operator tenant is nobody's).
 *
 * @example
 * const page = await listPublications({ sql: db, actor: publicActor, programId: 'hangzhou-2025',
 *   limit: 50 });
 */
export async function listPublications(options: {
  sql: Sql;
  actor: Actor | PublicActor;
  programId?: string | undefined;
  state?: PublicationState | undefined;
  limit: number;
  beforeId?: string | undefined;
}): Promise<Publication[]> {
  const { sql } = options;
  const scope = publicationScope(options.actor, 'publication.list');
  if (options.beforeId !== undefined) assertUuid(options.beforeId, 'cursor');
  const limit = Math.max(1, Math.min(PUBLICATIONS_PAGE_MAX, Math.trunc(options.limit)));
  const rows = await sql.query<PublicationRow>(
    `select ${PUBLICATION_COLUMNS} from publications
      where (not $1 or state <> 'draft')
        and ${operatorProgramsSql('program_id', '$2')}
        and ($3::text is null or program_id = $3)
        and ($4::text is null or state = $4)
        and ($5::uuid is null or id < $5)
      order by id desc limit $6`,
    [
      scope.publicOnly,
      scope.operatorTenantId,
      options.programId ?? null,
      options.state ?? null,
      options.beforeId ?? null,
      limit,
    ],
  );
  return rows.map(toPublication);
}
