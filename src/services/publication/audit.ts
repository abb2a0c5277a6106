import type { Sql } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';
import { isPublic, type Actor, type PublicActor } from '../authz/actor.ts';
import type { Objection, Publication } from './rows.ts';

/** Objection bodies and contacts stay out of the audit log: they are the filer's words. */
function objectionSummary(objection: Objection): Record<string, unknown> {
  return {
    id: objection.id,
    entryId: objection.entryId,
    state: objection.state,
    resolvedBy: objection.resolvedBy,
    resolutionNote: objection.resolutionNote,
  };
}

function publicationSummary(publication: Publication): Record<string, unknown> {
  return {
    id: publication.id,
    programId: publication.programId,
    period: publication.period,
    state: publication.state,
    entryCount: publication.entryCount,
    totalFen: publication.totalFen,
    objectionWindowDays: publication.objectionWindowDays,
    objectionWindowClosesAt: publication.objectionWindowClosesAt,
  };
}

/** Appends the audit event of a publication change, in the caller's transaction. */
export async function recordPublicationAudit(options: {
  sql: Sql;
  /** The public is recorded as `system` with no user: objection filers are not identified. */
  actor: Actor | PublicActor;
  action: string;
  publication: Publication;
  before?: Publication;
  objection?: Objection;
  objectionBefore?: Objection;
  /** Entries dropped at publication (they no longer matched the ledger), with the reasons. */
  excludedEntries?: readonly Record<string, string | null>[];
  now: Date;
}): Promise<void> {
  const { sql, actor, publication, objection, now } = options;
  const entity = objection
    ? { type: 'publicationObjection' as const, id: objection.id, tenantId: publication.tenantId }
    : { type: 'publication' as const, id: publication.id, tenantId: publication.tenantId };
  const before = objection
    ? options.objectionBefore && objectionSummary(options.objectionBefore)
    : options.before && publicationSummary(options.before);
  await recordAudit({
    sql,
    actor: isPublic(actor)
      ? { userId: null, tenantId: null, via: 'system' }
      : { userId: actor.userId, tenantId: actor.tenantId, via: actor.via },
    action: options.action,
    entity,
    before,
    after: objection
      ? objectionSummary(objection)
      : {
          ...publicationSummary(publication),
          ...(options.excludedEntries ? { excludedEntries: options.excludedEntries } : {}),
        },
    requestId: actor.requestId,
    now,
  });
}
