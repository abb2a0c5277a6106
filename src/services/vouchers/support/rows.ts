import type { Sql } from '../../../db/client.ts';
import type { ApplicationState } from '../../../domain/vouchers/application.ts';
import type { ClaimState } from '../../../domain/vouchers/claim.ts';
import type { GrantState } from '../../../domain/vouchers/grant.ts';
import { DomainError } from '../../../domain/shared/errors.ts';

/** An application as services and routes see it. */
export interface Application {
  id: string;
  programId: string;
  programVersion: number;
  enterpriseId: string;
  state: ApplicationState;
  requestedFen: bigint;
  estimatedFen: bigint;
  plannedPurchase: Record<string, unknown>;
  eligibilityTrace: unknown[];
  purpose: string;
  arrivalSeq: bigint | null;
  approvedFen: bigint | null;
  decisionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Grant {
  id: string;
  applicationId: string;
  programId: string;
  enterpriseId: string;
  state: GrantState;
  amountFen: bigint;
  accountId: string;
  reservationTransferId: string;
  returnedFen: bigint;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface Claim {
  id: string;
  grantId: string;
  programId: string;
  enterpriseId: string;
  providerId: string;
  state: ClaimState;
  contractId: string;
  contractSignedOn: string;
  contractAmountFen: bigint;
  purchase: Record<string, unknown>;
  invoiceNumber: string | null;
  invoiceAmountFen: bigint | null;
  paidAmountFen: bigint | null;
  reservedFen: bigint;
  redeemedFen: bigint;
  paidFen: bigint;
  clawedBackFen: bigint;
  reservationTransferId: string | null;
  policyTrace: unknown;
  createdAt: Date;
  updatedAt: Date;
}

type Row = Record<string, unknown>;

const str = (row: Row, key: string): string => row[key] as string;
const fen = (row: Row, key: string): bigint => row[key] as bigint;
const nullableFen = (row: Row, key: string): bigint | null => (row[key] ?? null) as bigint | null;
const nullableText = (row: Row, key: string): string | null => (row[key] ?? null) as string | null;

export const APPLICATION_COLUMNS = `id, program_id, program_version, enterprise_id, state,
  requested_fen, estimated_fen, planned_purchase, eligibility_trace, purpose, arrival_seq,
  approved_fen, decision_reason, created_at, updated_at`;

export function toApplication(row: Row): Application {
  return {
    id: str(row, 'id'),
    programId: str(row, 'program_id'),
    programVersion: row.program_version as number,
    enterpriseId: str(row, 'enterprise_id'),
    state: row.state as ApplicationState,
    requestedFen: fen(row, 'requested_fen'),
    estimatedFen: fen(row, 'estimated_fen'),
    plannedPurchase: row.planned_purchase as Record<string, unknown>,
    eligibilityTrace: row.eligibility_trace as unknown[],
    purpose: str(row, 'purpose'),
    arrivalSeq: nullableFen(row, 'arrival_seq'),
    approvedFen: nullableFen(row, 'approved_fen'),
    decisionReason: nullableText(row, 'decision_reason'),
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

export const GRANT_COLUMNS = `id, application_id, program_id, enterprise_id, state, amount_fen,
  account_id, reservation_transfer_id, returned_fen, expires_at, created_at, updated_at`;

export function toGrant(row: Row): Grant {
  return {
    id: str(row, 'id'),
    applicationId: str(row, 'application_id'),
    programId: str(row, 'program_id'),
    enterpriseId: str(row, 'enterprise_id'),
    state: row.state as GrantState,
    amountFen: fen(row, 'amount_fen'),
    accountId: str(row, 'account_id'),
    reservationTransferId: str(row, 'reservation_transfer_id'),
    returnedFen: fen(row, 'returned_fen'),
    expiresAt: row.expires_at as Date,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

export const CLAIM_COLUMNS = `id, grant_id, program_id, enterprise_id, provider_id, state,
  contract_id, to_char(contract_signed_on, 'YYYY-MM-DD') as contract_signed_on,
  contract_amount_fen, purchase, invoice_number, invoice_amount_fen, paid_amount_fen,
  reserved_fen, redeemed_fen, paid_fen, clawed_back_fen, reservation_transfer_id, policy_trace,
  created_at, updated_at`;

export function toClaim(row: Row): Claim {
  return {
    id: str(row, 'id'),
    grantId: str(row, 'grant_id'),
    programId: str(row, 'program_id'),
    enterpriseId: str(row, 'enterprise_id'),
    providerId: str(row, 'provider_id'),
    state: row.state as ClaimState,
    contractId: str(row, 'contract_id'),
    contractSignedOn: str(row, 'contract_signed_on'),
    contractAmountFen: fen(row, 'contract_amount_fen'),
    purchase: row.purchase as Record<string, unknown>,
    invoiceNumber: nullableText(row, 'invoice_number'),
    invoiceAmountFen: nullableFen(row, 'invoice_amount_fen'),
    paidAmountFen: nullableFen(row, 'paid_amount_fen'),
    reservedFen: fen(row, 'reserved_fen'),
    redeemedFen: fen(row, 'redeemed_fen'),
    paidFen: fen(row, 'paid_fen'),
    clawedBackFen: fen(row, 'clawed_back_fen'),
    reservationTransferId: nullableText(row, 'reservation_transfer_id'),
    policyTrace: row.policy_trace ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

const tables = {
  application: { table: 'voucher_applications', columns: APPLICATION_COLUMNS },
  grant: { table: 'voucher_grants', columns: GRANT_COLUMNS },
  claim: { table: 'voucher_claims', columns: CLAIM_COLUMNS },
} as const;

async function loadRow(
  sql: Sql,
  entity: keyof typeof tables,
  id: string,
  lock: boolean,
): Promise<Row> {
  const { table, columns } = tables[entity];
  const [row] = await sql.query<Row>(
    `select ${columns} from ${table} where id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  if (!row) throw new DomainError('NOT_FOUND', `${entity} not found`, { field: 'id', entity });
  return row;
}

/** Loads an application (`lock`: for update, in the caller's transaction) or NOT_FOUND. */
export async function loadApplication(sql: Sql, id: string, lock = false): Promise<Application> {
  return toApplication(await loadRow(sql, 'application', id, lock));
}

/** Loads a grant (`lock`: for update) or NOT_FOUND. */
export async function loadGrant(sql: Sql, id: string, lock = false): Promise<Grant> {
  return toGrant(await loadRow(sql, 'grant', id, lock));
}

/** Loads a claim (`lock`: for update) or NOT_FOUND. */
export async function loadClaim(sql: Sql, id: string, lock = false): Promise<Claim> {
  return toClaim(await loadRow(sql, 'claim', id, lock));
}

/** The enterprise is barred from the program (or from all programs) at `now`. */
export async function assertNotBlacklisted(
  sql: Sql,
  enterpriseId: string,
  programId: string,
  now: Date,
): Promise<void> {
  const rows = await sql.query<{ reason: string }>(
    `select reason from voucher_blacklist
      where enterprise_id = $1 and (program_id is null or program_id = $2)
        and (until_at is null or until_at > $3) limit 1`,
    [enterpriseId, programId, now],
  );
  const [row] = rows;
  if (row) throw new DomainError('BLACKLISTED', undefined, { enterpriseId, reason: row.reason });
}

/** A unique-index violation (PostgreSQL 23505) on either driver: a concurrent duplicate. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code?: unknown }).code === '23505'
  );
}
