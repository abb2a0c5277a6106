import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { describeGrantPurpose, describePurpose } from '../../domain/publication/entry.ts';
import { parsePeriod, type Period } from '../../domain/publication/period.ts';
import {
  OBJECTION_WINDOW_DAYS_DEFAULT,
  validateObjectionWindowDays,
} from '../../domain/publication/publication.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { recordPublicationAudit } from './audit.ts';
import { PUBLICATION_ENTRIES_MAX } from './get-publication.ts';
import { authorizePublicationProgram } from './publication-access.ts';
import { notExcludedSql } from './stale-entries.ts';
import {
  PUBLICATION_COLUMNS,
  toPublication,
  type Publication,
  type PublicationRow,
  type PublicationSource,
} from './rows.ts';

interface CandidateRow {
  claim_id: string | null;
  grant_id: string;
  enterprise_id: string;
  recipient_name: string;
  uscc: string;
  region_code: string;
  amount_fen: bigint;
  purchase_kind: string | null;
  contract_id: string | null;
  application_purpose: string | null;
}

/**
 * Claims of the program redeemed in the period (the time of their `redeem` transition) and
 * not yet on a public list — the recipients awaiting payout, each with what it will be paid
 * (redeemed, less a partial clawback). Oldest redemption first.
 */
async function selectCandidates(
  sql: Sql,
  programId: string,
  period: Period,
): Promise<CandidateRow[]> {
  return sql.query<CandidateRow>(
    `select c.id as claim_id, c.grant_id, c.enterprise_id, e.name as recipient_name, e.uscc,
            e.region_code, c.redeemed_fen - c.clawed_back_fen as amount_fen,
            c.purchase->>'kind' as purchase_kind,
            c.contract_id, null as application_purpose
       from voucher_claims c
       join enterprises e on e.id = c.enterprise_id
       join lateral (select t.at from voucher_transitions t
                      where t.entity_type = 'claim' and t.entity_id = c.id and t.action = 'redeem'
                      order by t.seq desc limit 1) redeemed on true
      where c.program_id = $1 and c.state = 'redeemed' and c.redeemed_fen > 0
        and redeemed.at >= $2 and redeemed.at < $3
        and not exists (select 1 from publication_entries pe
                          join publications p on p.id = pe.publication_id
                         where pe.claim_id = c.id and p.state <> 'draft'
                           and ${notExcludedSql('pe')})
      order by redeemed.at, c.id
      limit $4`,
    [programId, period.startsAt, period.endsAt, PUBLICATION_ENTRIES_MAX + 1],
  );
}

/**
 * Grants of the program approved in the period (created then) and still live, not yet on a
 * public grants list — the approved recipients (拟支持名单). Oldest approval first.
 */
async function selectGrantCandidates(
  sql: Sql,
  programId: string,
  period: Period,
): Promise<CandidateRow[]> {
  return sql.query<CandidateRow>(
    `select null::uuid as claim_id, g.id as grant_id, g.enterprise_id, e.name as recipient_name,
            e.uscc, e.region_code, g.amount_fen, null as purchase_kind, null as contract_id,
            a.purpose as application_purpose
       from voucher_grants g
       join voucher_applications a on a.id = g.application_id
       join enterprises e on e.id = g.enterprise_id
      where g.program_id = $1 and g.state in ('active', 'exhausted')
        and g.created_at >= $2 and g.created_at < $3
        and not exists (select 1 from publication_entries pe
                          join publications p on p.id = pe.publication_id
                         where pe.grant_id = g.id and pe.claim_id is null and p.state <> 'draft'
                           and ${notExcludedSql('pe')})
      order by g.created_at, g.id
      limit $4`,
    [programId, period.startsAt, period.endsAt, PUBLICATION_ENTRIES_MAX + 1],
  );
}

function purposeOf(candidate: CandidateRow): string {
  if (candidate.claim_id === null) return describeGrantPurpose(candidate.application_purpose ?? '');
  return describePurpose(candidate.purchase_kind, candidate.contract_id ?? '');
}

/**
 * A draft publication of one program and period: its recipient list is frozen now, from the
 * claims redeemed in the period that are not on a public list yet (name, USCC, region, amount,
 * purpose). NOT_FOUND unless the actor may create lists of the program (`publication.create`:
 * the program's operator tenant; a program without one is nobody's, as on the voucher routes); CONFLICT when there is nobody to
 * publish; VALIDATION_FAILED when more than `PUBLICATION_ENTRIES_MAX` recipients (choose a
 * shorter period).
 *
 * @example
 * await createPublication({ db, programId: 'hangzhou-2025', period: '2025-Q3',
 *   title: '2025年第三季度杭州市算力券兑付名单公示', actor, now });
 */
export async function createPublication(options: {
  db: Database;
  programId: string;
  period: string;
  title: string;
  objectionWindowDays?: number | undefined;
  /** `claims` (default): redeemed claims awaiting payout; `grants`: approved grants. */
  source?: PublicationSource | undefined;
  /** `publication.create`: an operator-admin of the program's operator tenant; jobs, the CLI. */
  actor: Actor;
  now: Date;
}): Promise<Publication> {
  const { db, programId, actor, now } = options;
  authorize(actor, 'publication.create');
  const period = parsePeriod(options.period);
  const windowDays = validateObjectionWindowDays(
    options.objectionWindowDays ?? OBJECTION_WINDOW_DAYS_DEFAULT,
  );
  const title = options.title.trim();
  if (title.length === 0 || title.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'title: 1 to 200 characters', { field: 'title' });
  }
  return db.transaction(async (sql) => {
    const operatorTenantId = await authorizePublicationProgram(
      sql,
      actor,
      'publication.create',
      programId,
    );
    const source = options.source ?? 'claims';
    const candidates =
      source === 'grants'
        ? await selectGrantCandidates(sql, programId, period)
        : await selectCandidates(sql, programId, period);
    if (candidates.length === 0) {
      throw new DomainError(
        'CONFLICT',
        `no ${source === 'grants' ? 'approved grants' : 'redeemed claims'} awaiting publication in this period`,
        {
          field: 'period',
        },
      );
    }
    if (candidates.length > PUBLICATION_ENTRIES_MAX) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `period: more than ${PUBLICATION_ENTRIES_MAX} recipients; publish a shorter period`,
        {
          field: 'period',
        },
      );
    }
    const id = uuidv7();
    const totalFen = candidates.reduce((sum, row) => sum + row.amount_fen, 0n);
    const [row] = await sql.query<PublicationRow>(
      `insert into publications (id, tenant_id, program_id, period, title, state,
         objection_window_days, entry_count, total_fen, created_at, created_by, source)
       values ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9, $10, $11) returning ${PUBLICATION_COLUMNS}`,
      [
        id,
        operatorTenantId,
        programId,
        period.text,
        title,
        windowDays,
        candidates.length,
        totalFen,
        now,
        actor.userId,
        source,
      ],
    );
    if (!row) throw new Error('insert returned no row');
    await sql.query(
      `insert into publication_entries (id, publication_id, position, claim_id, grant_id,
         enterprise_id, recipient_name, uscc, region_code, amount_fen, purpose)
       select x.id, $1, x.position, x.claim_id, x.grant_id, x.enterprise_id, x.recipient_name,
              x.uscc, x.region_code, x.amount_fen, x.purpose
         from unnest($2::uuid[], $3::int[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[],
                     $8::text[], $9::text[], $10::bigint[], $11::text[])
           as x(id, position, claim_id, grant_id, enterprise_id, recipient_name, uscc,
                region_code, amount_fen, purpose)`,
      [
        id,
        candidates.map(() => uuidv7()),
        candidates.map((_, index) => index + 1),
        candidates.map((candidate) => candidate.claim_id),
        candidates.map((candidate) => candidate.grant_id),
        candidates.map((candidate) => candidate.enterprise_id),
        candidates.map((candidate) => candidate.recipient_name),
        candidates.map((candidate) => candidate.uscc),
        candidates.map((candidate) => candidate.region_code),
        candidates.map((candidate) => candidate.amount_fen.toString()),
        candidates.map(purposeOf),
      ],
    );
    const publication = toPublication(row);
    await recordPublicationAudit({ sql, actor, action: 'publication.create', publication, now });
    return publication;
  });
}
