import type { PublicationState, PublicationStatus } from '../../domain/publication/publication.ts';
import type { ObjectionState } from '../../domain/publication/objection.ts';

/** What a publication lists: redeemed claims awaiting payout, or approved grants. */
export type PublicationSource = 'claims' | 'grants';

/**
 * A publication as services return it. `tenantId` is the operator tenant whose staff drafted it
 * (a record; who may see it goes by its program's operator tenant, see load-publication.ts).
 */
export interface Publication extends PublicationStatus {
  id: string;
  tenantId: string;
  source: PublicationSource;
  programId: string;
  period: string;
  title: string;
  entryCount: number;
  totalFen: bigint;
  createdAt: Date;
  createdBy: string | null;
}

/**
 * One recipient line, frozen at creation; `withdrawn` when an objection to it was upheld. A
 * claims list names the claim (and its grant); a grants list only the grant.
 */
export interface PublicationEntry {
  id: string;
  publicationId: string;
  position: number;
  claimId: string | null;
  grantId: string | null;
  enterpriseId: string;
  recipientName: string;
  uscc: string;
  regionCode: string;
  amountFen: bigint;
  purpose: string;
  withdrawn: boolean;
}

export interface Objection {
  id: string;
  publicationId: string;
  entryId: string | null;
  body: string;
  contact: string | null;
  state: ObjectionState;
  submittedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export const PUBLICATION_COLUMNS = `id, tenant_id, source, program_id, period, title, state,
  objection_window_days, entry_count, total_fen, created_at, created_by, published_at,
  objection_window_closes_at, closed_at`;

export interface PublicationRow {
  id: string;
  tenant_id: string;
  source: PublicationSource;
  program_id: string;
  period: string;
  title: string;
  state: PublicationState;
  objection_window_days: number;
  entry_count: number;
  total_fen: bigint;
  created_at: Date;
  created_by: string | null;
  published_at: Date | null;
  objection_window_closes_at: Date | null;
  closed_at: Date | null;
}

export function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    source: row.source,
    programId: row.program_id,
    period: row.period,
    title: row.title,
    state: row.state,
    objectionWindowDays: row.objection_window_days,
    entryCount: row.entry_count,
    totalFen: row.total_fen,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
    objectionWindowClosesAt:
      row.objection_window_closes_at === null ? null : new Date(row.objection_window_closes_at),
    closedAt: row.closed_at === null ? null : new Date(row.closed_at),
  };
}

/** Entry columns plus `withdrawn` (an upheld objection names the entry). Alias `e`. */
export const ENTRY_COLUMNS = `e.id, e.publication_id, e.position, e.claim_id, e.grant_id,
  e.enterprise_id, e.recipient_name, e.uscc, e.region_code, e.amount_fen, e.purpose,
  exists (select 1 from publication_objections o
          where o.entry_id = e.id and o.state = 'upheld') as withdrawn`;

export interface EntryRow {
  id: string;
  publication_id: string;
  position: number;
  claim_id: string | null;
  grant_id: string | null;
  enterprise_id: string;
  recipient_name: string;
  uscc: string;
  region_code: string;
  amount_fen: bigint;
  purpose: string;
  withdrawn: boolean;
}

export function toEntry(row: EntryRow): PublicationEntry {
  return {
    id: row.id,
    publicationId: row.publication_id,
    position: row.position,
    claimId: row.claim_id,
    grantId: row.grant_id,
    enterpriseId: row.enterprise_id,
    recipientName: row.recipient_name,
    uscc: row.uscc,
    regionCode: row.region_code,
    amountFen: row.amount_fen,
    purpose: row.purpose,
    withdrawn: row.withdrawn,
  };
}

export const OBJECTION_COLUMNS = `id, publication_id, entry_id, body, contact, state,
  submitted_at, resolved_at, resolved_by, resolution_note`;

export interface ObjectionRow {
  id: string;
  publication_id: string;
  entry_id: string | null;
  body: string;
  contact: string | null;
  state: ObjectionState;
  submitted_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

export function toObjection(row: ObjectionRow): Objection {
  return {
    id: row.id,
    publicationId: row.publication_id,
    entryId: row.entry_id,
    body: row.body,
    contact: row.contact,
    state: row.state,
    submittedAt: new Date(row.submitted_at),
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    resolvedBy: row.resolved_by,
    resolutionNote: row.resolution_note,
  };
}
