import type { CreditRecord, Enterprise, EnterpriseSize } from '../../domain/parties/enterprise.ts';
import {
  normalizeAddress,
  normalizePersonName,
  normalizePhone,
} from '../../domain/parties/normalize.ts';
import type { AcceleratorOrigin, Provider, ProviderKind } from '../../domain/parties/provider.ts';
import type { PartyPerson, PersonRole } from '../../domain/parties/related.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { FieldProblem } from '../../domain/parties/fields.ts';

export const ENTERPRISE_COLUMNS = `id, uscc, name, region_code, size,
  to_char(founded_on, 'YYYY-MM-DD') as founded_on, industries, credit_record,
  legal_representative, phone, address, created_at, updated_at`;

export interface EnterpriseRow {
  id: string;
  uscc: string;
  name: string;
  region_code: string;
  size: EnterpriseSize;
  founded_on: string;
  industries: string[];
  credit_record: CreditRecord;
  legal_representative: string | null;
  phone: string | null;
  address: string | null;
  created_at: Date;
  updated_at: Date;
}

export function toEnterprise(row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    regionCode: row.region_code,
    size: row.size,
    foundedOn: row.founded_on,
    industries: row.industries,
    creditRecord: row.credit_record,
    legalRepresentative: row.legal_representative,
    phone: row.phone,
    address: row.address,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const PROVIDER_COLUMNS = `id, uscc, name, region_code, kinds, accelerator_origins,
  legal_representative, phone, address, created_at`;

export interface ProviderRow {
  id: string;
  uscc: string;
  name: string;
  region_code: string;
  kinds: ProviderKind[];
  accelerator_origins: AcceleratorOrigin[];
  legal_representative: string | null;
  phone: string | null;
  address: string | null;
  created_at: Date;
}

export function toProvider(row: ProviderRow): Provider {
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    regionCode: row.region_code,
    kinds: row.kinds,
    acceleratorOrigins: row.accelerator_origins,
    legalRepresentative: row.legal_representative,
    phone: row.phone,
    address: row.address,
    createdAt: row.created_at,
  };
}

export const PERSON_COLUMNS = 'id, party_id, name, role, id_document_hash, phone, created_at';

export interface PersonRow {
  id: string;
  party_id: string;
  name: string;
  role: PersonRole;
  id_document_hash: string | null;
  phone: string | null;
  created_at: Date;
}

export function toPerson(row: PersonRow): PartyPerson & { createdAt: Date } {
  return {
    id: row.id,
    partyId: row.party_id,
    name: row.name,
    role: row.role,
    idDocumentHash: row.id_document_hash,
    phone: row.phone,
    createdAt: row.created_at,
  };
}

/** Normal forms stored beside phone, address and legal representative for lookups. */
export function contactKeys(fields: {
  phone: string | null;
  address: string | null;
  legalRepresentative: string | null;
}): {
  phoneNormalized: string | null;
  addressNormalized: string | null;
  legalRepresentativeNormalized: string | null;
} {
  const address = fields.address === null ? '' : normalizeAddress(fields.address);
  const person =
    fields.legalRepresentative === null ? '' : normalizePersonName(fields.legalRepresentative);
  return {
    phoneNormalized: fields.phone === null ? null : normalizePhone(fields.phone),
    addressNormalized: address === '' ? null : address,
    legalRepresentativeNormalized: person === '' ? null : person,
  };
}

/**
 * VALIDATION_FAILED naming the first field at fault and listing every problem in
 * `details.problems`; INVALID_USCC instead when the USCC is among the problems.
 */
export function validationError(problems: readonly FieldProblem[], prefix = ''): DomainError {
  const first = problems[0];
  const field = first === undefined ? undefined : `${prefix}${first.field}`;
  return new DomainError(
    problems.some((problem) => problem.code === 'INVALID_USCC')
      ? 'INVALID_USCC'
      : 'VALIDATION_FAILED',
    problems.map((problem) => `${prefix}${problem.message}`).join('; '),
    { ...(field === undefined ? {} : { field }), problems },
  );
}

/** True for a lower-case UUID (ids in paths and bodies are compared as strings). */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
