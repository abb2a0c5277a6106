import type { Database } from '../../db/client.ts';
import {
  resolveObjection as nextState,
  validateResolutionNote,
  type ObjectionResolution,
} from '../../domain/publication/objection.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { recordPublicationAudit } from './audit.ts';
import { assertUuid, loadPublication } from './load-publication.ts';
import { publicationScope } from './publication-access.ts';
import { OBJECTION_COLUMNS, toObjection, type Objection, type ObjectionRow } from './rows.ts';

/**
 * An operator decides an objection. `upheld` withdraws the entry it names (or `entryId`, when
 * the objection named none): that claim's payout is blocked for good. `dismissed` leaves the list
 * as it is. Either way the note says why; both are in the audit log.
 *
 * @example
 * await resolveObjection({ db, objectionId, resolution: 'upheld', note: '核实为关联交易', actor, now });
 */
export async function resolveObjection(options: {
  db: Database;
  objectionId: string;
  resolution: ObjectionResolution;
  note: string;
  entryId?: string | undefined;
  actor: Actor;
  now: Date;
}): Promise<Objection> {
  const { db, objectionId, resolution, actor, now } = options;
  const { operatorTenantId } = publicationScope(actor, 'objection.resolve');
  assertUuid(objectionId, 'objectionId');
  if (options.entryId !== undefined) assertUuid(options.entryId, 'entryId');
  const note = validateResolutionNote(options.note);
  return db.transaction(async (sql) => {
    const [row] = await sql.query<ObjectionRow>(
      `select ${OBJECTION_COLUMNS} from publication_objections where id = $1 for update`,
      [objectionId],
    );
    if (!row) throw new DomainError('NOT_FOUND', 'no such objection', { field: 'objectionId' });
    const publication = await loadPublication({
      sql,
      publicationId: row.publication_id,
      operatorTenantId,
    });
    const before = toObjection(row);
    const state = nextState(before.state, resolution);
    const entryId = resolution === 'upheld' ? (before.entryId ?? options.entryId) : before.entryId;
    if (resolution === 'upheld') {
      if (entryId === undefined || entryId === null) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'entryId: name the entry an upheld objection withdraws',
          {
            field: 'entryId',
          },
        );
      }
      if (
        before.entryId !== null &&
        options.entryId !== undefined &&
        options.entryId !== before.entryId
      ) {
        throw new DomainError('VALIDATION_FAILED', 'entryId: the objection names another entry', {
          field: 'entryId',
        });
      }
      const entries = await sql.query(
        'select 1 from publication_entries where id = $1 and publication_id = $2',
        [entryId, publication.id],
      );
      if (entries.length === 0) {
        throw new DomainError('NOT_FOUND', 'no such entry on this publication', {
          field: 'entryId',
        });
      }
    }
    const [updated] = await sql.query<ObjectionRow>(
      `update publication_objections
          set state = $2, entry_id = $3, resolved_at = $4, resolved_by = $5, resolution_note = $6
        where id = $1 returning ${OBJECTION_COLUMNS}`,
      [objectionId, state, entryId ?? null, now, actor.userId, note],
    );
    if (!updated) throw new Error('update returned no row');
    const after = toObjection(updated);
    await recordPublicationAudit({
      sql,
      actor,
      action: `publication.objection.${resolution === 'upheld' ? 'uphold' : 'dismiss'}`,
      publication,
      objection: after,
      objectionBefore: before,
      now,
    });
    return after;
  });
}
