import { normalizeAddress, normalizePersonName, normalizePhone } from './normalize.ts';

export const PERSON_ROLES = ['legal_representative', 'shareholder', 'contact'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** A natural person tied to a party: legal representative, shareholder or contact. */
export interface PartyPerson {
  id: string;
  partyId: string;
  name: string;
  role: PersonRole;
  /** Hash of the normalised identity document number; the number itself is never stored. */
  idDocumentHash: string | null;
  phone: string | null;
}

/** What related-party detection needs to know about an enterprise or a provider. */
export interface PartyProfile {
  id: string;
  kind: 'enterprise' | 'provider';
  uscc: string;
  name: string;
  phone: string | null;
  address: string | null;
  people: readonly PartyPerson[];
}

/** An operator-declared link between two parties (e.g. same group of companies). */
export interface RelatedPartyLink {
  id: string;
  partyAId: string;
  partyBId: string;
  reason: string;
}

export type RelatedReasonKind =
  | 'explicit_link'
  | 'same_uscc'
  | 'shared_legal_representative'
  | 'shared_shareholder'
  | 'shared_person'
  | 'same_phone'
  | 'same_address';

/**
 * One reason why two parties look related. `certain`: the evidence identifies the same person,
 * number or entity. `probable`: it only suggests so — equal person names without identity
 * documents on both sides (common names repeat), or an equal registered address (incubators
 * and co-working spaces register many start-ups at one address) — and needs a reviewer.
 */
export interface RelatedReason {
  kind: RelatedReasonKind;
  confidence: 'certain' | 'probable';
  message: string;
  evidence: Record<string, string>;
}

type PersonMatch = 'id_document' | 'name' | null;

interface ComparablePerson {
  person: PartyPerson;
  /** Normalised once per call: detection compares every pair of people. */
  name: string;
}

function comparable(people: readonly PartyPerson[]): ComparablePerson[] {
  return people.map((person) => ({ person, name: normalizePersonName(person.name) }));
}

function matchPeople(a: ComparablePerson, b: ComparablePerson): PersonMatch {
  const [hashA, hashB] = [a.person.idDocumentHash, b.person.idDocumentHash];
  if (hashA !== null && hashB !== null) return hashA === hashB ? 'id_document' : null;
  return a.name !== '' && a.name === b.name ? 'name' : null;
}

function personReasonKind(a: PersonRole, b: PersonRole): RelatedReasonKind {
  if (a === 'legal_representative' && b === 'legal_representative') {
    return 'shared_legal_representative';
  }
  return a === 'shareholder' && b === 'shareholder' ? 'shared_shareholder' : 'shared_person';
}

function personReasons(a: PartyProfile, b: PartyProfile): RelatedReason[] {
  const reasons: RelatedReason[] = [];
  const peopleB = comparable(b.people);
  for (const entryA of comparable(a.people)) {
    for (const entryB of peopleB) {
      const matchedBy = matchPeople(entryA, entryB);
      if (matchedBy === null) continue;
      const [personA, personB] = [entryA.person, entryB.person];
      reasons.push({
        kind: personReasonKind(personA.role, personB.role),
        confidence: matchedBy === 'id_document' ? 'certain' : 'probable',
        message: `${personA.name} is ${personA.role} of ${a.name} and ${personB.role} of ${b.name} (matched by ${matchedBy === 'id_document' ? 'identity document' : 'name only'})`,
        evidence: {
          name: personA.name,
          roleInA: personA.role,
          roleInB: personB.role,
          matchedBy,
        },
      });
    }
  }
  return reasons;
}

/** Every normalised phone number of a party, with where it was found. */
function phonesOf(party: PartyProfile): Map<string, string> {
  const phones = new Map<string, string>();
  const add = (raw: string | null, source: string): void => {
    const phone = raw === null ? null : normalizePhone(raw);
    if (phone !== null && !phones.has(phone)) phones.set(phone, source);
  };
  add(party.phone, `${party.kind} phone`);
  for (const person of party.people) add(person.phone, `${person.role} ${person.name}`);
  return phones;
}

function phoneReasons(a: PartyProfile, b: PartyProfile): RelatedReason[] {
  const phonesB = phonesOf(b);
  return [...phonesOf(a)].flatMap(([phone, sourceA]) => {
    const sourceB = phonesB.get(phone);
    if (sourceB === undefined) return [];
    return [
      {
        kind: 'same_phone' as const,
        confidence: 'certain' as const,
        message: `${a.name} (${sourceA}) and ${b.name} (${sourceB}) share phone ${phone}`,
        evidence: { phone, sourceInA: sourceA, sourceInB: sourceB },
      },
    ];
  });
}

/**
 * Why two parties look related, with evidence; an empty list when nothing connects them.
 * Pure: the caller loads both profiles and the explicit links that name either party.
 *
 * @example
 * findRelatedParties(enterprise, provider, links).filter((r) => r.confidence === 'certain')
 */
export function findRelatedParties(
  a: PartyProfile,
  b: PartyProfile,
  links: readonly RelatedPartyLink[] = [],
): RelatedReason[] {
  if (a.id === b.id) return [];
  const reasons: RelatedReason[] = [];
  for (const link of links) {
    const joins =
      (link.partyAId === a.id && link.partyBId === b.id) ||
      (link.partyAId === b.id && link.partyBId === a.id);
    if (!joins) continue;
    reasons.push({
      kind: 'explicit_link',
      confidence: 'certain',
      message: `an operator linked ${a.name} and ${b.name}: ${link.reason}`,
      evidence: { linkId: link.id, reason: link.reason },
    });
  }
  if (a.uscc === b.uscc) {
    reasons.push({
      kind: 'same_uscc',
      confidence: 'certain',
      message: `${a.name} and ${b.name} are one legal entity (USCC ${a.uscc})`,
      evidence: { uscc: a.uscc },
    });
  }
  reasons.push(...personReasons(a, b), ...phoneReasons(a, b));
  const addressA = a.address === null ? '' : normalizeAddress(a.address);
  if (addressA !== '' && b.address !== null && addressA === normalizeAddress(b.address)) {
    reasons.push({
      kind: 'same_address',
      confidence: 'probable',
      message: `${a.name} and ${b.name} are registered at the same address`,
      evidence: { addressA: a.address ?? '', addressB: b.address },
    });
  }
  return reasons;
}

/** Related for rules that refuse (e.g. "no related-party provider"): a certain reason exists. */
export function isCertainlyRelated(reasons: readonly RelatedReason[]): boolean {
  return reasons.some((reason) => reason.confidence === 'certain');
}
