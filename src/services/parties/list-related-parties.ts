import type { Sql } from '../../db/client.ts';
import {
  findRelatedParties,
  isCertainlyRelated,
  type RelatedReason,
} from '../../domain/parties/related.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { loadLinks, loadPartyProfiles } from './party-profiles.ts';
import { isUuid } from './rows.ts';

/** Candidates examined at most; a party linked to more is itself worth a look. */
export const MAX_RELATED_CANDIDATES = 500;

export interface ListRelatedPartiesOptions {
  sql: Sql;
  /** Who reads; checked against the permission table. */
  actor: Actor;
  /** An enterprise or provider id. */
  partyId: string;
}

export interface RelatedParty {
  party: { id: string; kind: 'enterprise' | 'provider'; uscc: string; name: string };
  /** At least one certain reason (see `areRelated`). */
  related: boolean;
  reasons: RelatedReason[];
}

/**
 * Every enterprise or provider that shares something with `partyId` — a person (by identity
 * document or name), a phone, an address, the USCC, or an operator-declared link — with the
 * reasons and evidence; certainly related parties first.
 *
 * @example
 * const related = await listRelatedParties({ sql: db, actor, partyId: enterpriseId });
 */
export async function listRelatedParties(
  options: ListRelatedPartiesOptions,
): Promise<RelatedParty[]> {
  const { sql, partyId } = options;
  authorize(options.actor, 'relatedParty.list', { tenantId: partyId });
  const self = isUuid(partyId) ? (await loadPartyProfiles(sql, [partyId])).get(partyId) : undefined;
  if (self === undefined) {
    throw new DomainError('NOT_FOUND', `no enterprise or provider ${partyId}`, {
      field: 'partyId',
    });
  }
  const candidates = await findCandidates(sql, partyId);
  const profiles = await loadPartyProfiles(sql, candidates);
  const links = await loadLinks(sql, [partyId]);
  const result: RelatedParty[] = [];
  for (const other of profiles.values()) {
    const reasons = findRelatedParties(self, other, links);
    if (reasons.length === 0) continue;
    result.push({
      party: { id: other.id, kind: other.kind, uscc: other.uscc, name: other.name },
      related: isCertainlyRelated(reasons),
      reasons,
    });
  }
  return result.sort(
    (a, b) => Number(b.related) - Number(a.related) || a.party.id.localeCompare(b.party.id),
  );
}

/**
 * Ids of parties that share a key with `partyId`. Over-approximates (the domain decides); the
 * keys are the indexed normal forms written by the services.
 */
async function findCandidates(sql: Sql, partyId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `with me as (select * from parties where id = $1),
     my_people as (
       select name_normalized as name, id_document_hash, phone_normalized as phone
         from party_people where party_id = $1
       union all
       select legal_representative_normalized, null, null from me
        where legal_representative_normalized is not null),
     my_phones as (
       select phone_normalized as phone from me where phone_normalized is not null
       union select phone from my_people where phone is not null),
     candidates as (
       select p.id from parties p, me where p.uscc = me.uscc
       union select p.id from parties p, me where p.address_normalized = me.address_normalized
       union select p.id from parties p where p.phone_normalized in (select phone from my_phones)
       union select p.id from parties p
        where p.legal_representative_normalized in (select name from my_people)
       union select pp.party_id from party_people pp
        where pp.name_normalized in (select name from my_people)
           or pp.id_document_hash in (select id_document_hash from my_people)
           or pp.phone_normalized in (select phone from my_phones)
       union select case when party_a_id = $1 then party_b_id else party_a_id end
         from related_party_links where party_a_id = $1 or party_b_id = $1)
     select c.id from candidates c join parties p on p.id = c.id
      where c.id <> $1 order by c.id limit ${MAX_RELATED_CANDIDATES}`,
    [partyId],
  );
  return rows.map((row) => row.id);
}
