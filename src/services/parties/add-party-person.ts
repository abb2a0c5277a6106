import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import {
  checkEnum,
  checkOptionalPhone,
  checkText,
  MAX_PERSON_NAME_LENGTH,
  ProblemList,
} from '../../domain/parties/fields.ts';
import {
  normalizeIdDocument,
  normalizePersonName,
  normalizePhone,
} from '../../domain/parties/normalize.ts';
import { PERSON_ROLES, type PartyPerson } from '../../domain/parties/related.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { MAX_PEOPLE_PER_PARTY } from './party-profiles.ts';
import { isUuid, PERSON_COLUMNS, toPerson, validationError, type PersonRow } from './rows.ts';

export interface PartyPersonInput {
  name: string;
  role: string;
  /** Resident identity card or passport number; only its hash is stored. */
  idDocumentNumber?: string | null | undefined;
  phone?: string | null | undefined;
}

export interface AddPartyPersonOptions {
  sql: Sql | Database;
  /** The enterprise or provider the person belongs to. */
  partyId: string;
  person: PartyPersonInput;
  /** Who acts; checked against the permission table (`systemActor` for seeders). */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * SHA-256 of the normalised document number under a fixed label. It lets two records of one
 * person match without storing the number; it is not secret against someone who can enumerate
 * plausible numbers (identity card numbers have little entropy).
 */
export function hashIdDocument(number: string): string {
  return createHash('sha256')
    .update(`suanli:id-document:${normalizeIdDocument(number)}`)
    .digest('hex');
}

/**
 * Adds a legal representative, shareholder or contact to an enterprise or provider (used by
 * related-party detection), with an audit event. At most 200 people per party.
 *
 * @example
 * await addPartyPerson({ sql: db, actor, partyId, now: new Date(),
 *   person: { name: '张三', role: 'shareholder', idDocumentNumber: '11010519491231002X' } });
 */
export async function addPartyPerson(
  options: AddPartyPersonOptions,
): Promise<PartyPerson & { createdAt: Date }> {
  const { partyId, person, now } = options;
  authorize(options.actor, 'partyPerson.add', { tenantId: partyId });
  const problems = new ProblemList();
  const name = checkText(problems, 'name', person.name, MAX_PERSON_NAME_LENGTH);
  const role = checkEnum(problems, 'role', person.role, PERSON_ROLES);
  const phone = checkOptionalPhone(problems, 'phone', person.phone);
  const document = person.idDocumentNumber?.trim() ?? '';
  if (document !== '' && !/^[0-9A-Za-z]{5,32}$/.test(normalizeIdDocument(document))) {
    problems.add('idDocumentNumber', 'INVALID_VALUE', 'idDocumentNumber: 5–32 letters or digits');
  }
  if (problems.problems.length > 0) throw validationError(problems.problems, 'person.');
  return inTransaction(options.sql, async (tx) => {
    const [party] = isUuid(partyId)
      ? await tx.query<{ id: string; count: bigint }>(
          `select p.id, (select count(*) from party_people where party_id = p.id) as count
             from parties p where p.id = $1`,
          [partyId],
        )
      : [];
    if (party === undefined) {
      throw new DomainError('NOT_FOUND', `no enterprise or provider ${partyId}`, {
        field: 'partyId',
      });
    }
    if (party.count >= BigInt(MAX_PEOPLE_PER_PARTY)) {
      throw new DomainError('CONFLICT', `a party has at most ${MAX_PEOPLE_PER_PARTY} people`, {
        field: 'partyId',
      });
    }
    const [row] = await tx.query<PersonRow>(
      `insert into party_people (id, party_id, name, name_normalized, role, id_document_hash,
         phone, phone_normalized, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${PERSON_COLUMNS}`,
      [
        uuidv7(),
        partyId,
        name,
        normalizePersonName(name),
        role,
        document === '' ? null : hashIdDocument(document),
        phone,
        phone === null ? null : normalizePhone(phone),
        now,
      ],
    );
    assert(row !== undefined, 'insert into party_people returns the row');
    const added = toPerson(row);
    await recordAudit({
      sql: tx,
      actor: options.actor,
      action: 'partyPerson.add',
      entity: { type: 'partyPerson', id: added.id, tenantId: partyId },
      after: added,
      requestId: options.requestId,
      now,
    });
    return added;
  });
}
