import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { isCleanText } from '../../domain/parties/fields.ts';
import type { RelatedPartyLink } from '../../domain/parties/related.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { isUuid } from './rows.ts';

export interface LinkRelatedPartiesOptions {
  sql: Sql | Database;
  partyAId: string;
  partyBId: string;
  /** Why the operator declares them related (e.g. "same group: 母子公司"). */
  reason: string;
  /** Who acts; checked against the permission table (`systemActor` for seeders). */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

export interface LinkedParties {
  link: RelatedPartyLink & { createdAt: Date };
  /** False when the two parties were linked already (the first reason is kept). */
  created: boolean;
}

/**
 * Declares two enterprises/providers related (operator decision), with an audit event. The
 * pair is stored once whatever the order; declaring it again returns the existing link.
 *
 * @example
 * await linkRelatedParties({ sql: db, actor, partyAId: enterpriseId, partyBId: providerId,
 *   reason: 'parent and subsidiary', now: new Date() });
 */
export async function linkRelatedParties(
  options: LinkRelatedPartiesOptions,
): Promise<LinkedParties> {
  // Both parties must lie within the actor's reach: a link names both.
  authorize(options.actor, 'relatedParty.link', { tenantId: options.partyAId });
  authorize(options.actor, 'relatedParty.link', { tenantId: options.partyBId });
  const reason = options.reason.trim();
  if (reason.length < 1 || reason.length > 500 || !isCleanText(reason)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'reason: 1 to 500 characters, no control characters',
      {
        field: 'reason',
      },
    );
  }
  if (options.partyAId === options.partyBId) {
    throw new DomainError('VALIDATION_FAILED', 'partyBId: a party is not related to itself', {
      field: 'partyBId',
    });
  }
  const [low, high] = [options.partyAId, options.partyBId].sort();
  assert(low !== undefined && high !== undefined, 'two ids sorted');
  return inTransaction(options.sql, async (tx) => {
    const ids = [low, high].filter(isUuid);
    const found = await tx.query<{ id: string }>(
      'select id from parties where id = any($1::uuid[])',
      [ids],
    );
    for (const [field, id] of [
      ['partyAId', options.partyAId],
      ['partyBId', options.partyBId],
    ] as const) {
      if (!found.some((row) => row.id === id)) {
        throw new DomainError('NOT_FOUND', `no enterprise or provider ${id}`, { field });
      }
    }
    const inserted = await tx.query<LinkRow>(
      `insert into related_party_links (id, party_a_id, party_b_id, reason, declared_by, created_at)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (party_a_id, party_b_id) do nothing returning ${LINK_COLUMNS}`,
      [uuidv7(), low, high, reason, options.actor.userId, options.now],
    );
    const [row] = inserted;
    if (row === undefined) {
      const [existing] = await tx.query<LinkRow>(
        `select ${LINK_COLUMNS} from related_party_links where party_a_id = $1 and party_b_id = $2`,
        [low, high],
      );
      assert(existing !== undefined, 'a conflicting link exists');
      return { link: toLink(existing), created: false };
    }
    const link = toLink(row);
    await recordAudit({
      sql: tx,
      actor: options.actor,
      action: 'relatedPartyLink.create',
      entity: { type: 'relatedPartyLink', id: link.id, tenantId: null },
      after: link,
      requestId: options.requestId,
      now: options.now,
    });
    return { link, created: true };
  });
}

const LINK_COLUMNS = 'id, party_a_id, party_b_id, reason, created_at';

interface LinkRow {
  id: string;
  party_a_id: string;
  party_b_id: string;
  reason: string;
  created_at: Date;
}

function toLink(row: LinkRow): RelatedPartyLink & { createdAt: Date } {
  return {
    id: row.id,
    partyAId: row.party_a_id,
    partyBId: row.party_b_id,
    reason: row.reason,
    createdAt: row.created_at,
  };
}
