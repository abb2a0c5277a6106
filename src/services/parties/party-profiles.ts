import type { Sql } from '../../db/client.ts';
import { normalizePersonName } from '../../domain/parties/normalize.ts';
import type { PartyPerson, PartyProfile, RelatedPartyLink } from '../../domain/parties/related.ts';
import { PERSON_COLUMNS, toPerson, type PersonRow } from './rows.ts';

/** People loaded per party at most: detection compares people pairwise. */
export const MAX_PEOPLE_PER_PARTY = 200;

interface PartyRow {
  id: string;
  kind: 'enterprise' | 'provider';
  uscc: string;
  name: string;
  legal_representative: string | null;
  phone: string | null;
  address: string | null;
}

/**
 * The profiles of the given parties (enterprises or providers) as related-party detection
 * needs them. The legal representative written on the party itself counts as a person
 * (name only) unless a person row with that role and name exists.
 */
export async function loadPartyProfiles(
  sql: Sql,
  ids: readonly string[],
): Promise<Map<string, PartyProfile>> {
  if (ids.length === 0) return new Map();
  const parties = await sql.query<PartyRow>(
    `select id, kind, uscc, name, legal_representative, phone, address from parties
      where id = any($1::uuid[])`,
    [ids],
  );
  const people = await sql.query<PersonRow>(
    `select ${PERSON_COLUMNS} from (
       select *, row_number() over (partition by party_id order by id) as n from party_people
        where party_id = any($1::uuid[])) p
      where n <= ${MAX_PEOPLE_PER_PARTY} order by id`,
    [ids],
  );
  const byParty = new Map<string, PartyPerson[]>();
  for (const row of people) {
    const list = byParty.get(row.party_id) ?? [];
    const person = toPerson(row);
    list.push({
      id: person.id,
      partyId: person.partyId,
      name: person.name,
      role: person.role,
      idDocumentHash: person.idDocumentHash,
      phone: person.phone,
    });
    byParty.set(row.party_id, list);
  }
  return new Map(
    parties.map((party) => {
      const list = byParty.get(party.id) ?? [];
      return [party.id, { ...party, people: withLegalRepresentative(party, list) }];
    }),
  );
}

function withLegalRepresentative(party: PartyRow, people: PartyPerson[]): PartyPerson[] {
  const name = party.legal_representative;
  if (name === null) return people;
  const normalized = normalizePersonName(name);
  const listed = people.some(
    (person) =>
      person.role === 'legal_representative' && normalizePersonName(person.name) === normalized,
  );
  if (listed) return people;
  const synthesized: PartyPerson = {
    id: `${party.id}:legal_representative`,
    partyId: party.id,
    name,
    role: 'legal_representative',
    idDocumentHash: null,
    phone: null,
  };
  return [synthesized, ...people];
}

/** Operator-declared links that name any of the given parties. */
export async function loadLinks(sql: Sql, ids: readonly string[]): Promise<RelatedPartyLink[]> {
  if (ids.length === 0) return [];
  const rows = await sql.query<{
    id: string;
    party_a_id: string;
    party_b_id: string;
    reason: string;
  }>(
    `select id, party_a_id, party_b_id, reason from related_party_links
      where party_a_id = any($1::uuid[]) or party_b_id = any($1::uuid[]) order by id`,
    [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    partyAId: row.party_a_id,
    partyBId: row.party_b_id,
    reason: row.reason,
  }));
}
