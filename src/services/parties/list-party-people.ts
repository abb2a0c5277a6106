import type { Sql } from '../../db/client.ts';
import type { PartyPerson } from '../../domain/parties/related.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { MAX_PEOPLE_PER_PARTY } from './party-profiles.ts';
import { isUuid, PERSON_COLUMNS, toPerson, type PersonRow } from './rows.ts';

export interface ListPartyPeopleOptions {
  sql: Sql;
  /** Who reads; checked against the permission table. */
  actor: Actor;
  partyId: string;
}

/** The people recorded for an enterprise or provider, oldest first (at most 200). */
export async function listPartyPeople(
  options: ListPartyPeopleOptions,
): Promise<(PartyPerson & { createdAt: Date })[]> {
  authorize(options.actor, 'partyPerson.list', { tenantId: options.partyId });
  if (!isUuid(options.partyId)) return [];
  const rows = await options.sql.query<PersonRow>(
    `select ${PERSON_COLUMNS} from party_people where party_id = $1 order by id limit $2`,
    [options.partyId, MAX_PEOPLE_PER_PARTY],
  );
  return rows.map(toPerson);
}
