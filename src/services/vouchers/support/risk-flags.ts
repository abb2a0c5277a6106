import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../../db/client.ts';
import type { RiskFlagKind, RiskFlagReason } from '../../../domain/vouchers/risk-flags.ts';
import { isPerson, type Actor } from '../../authz/actor.ts';

/** A flag as operator staff see it on a claim (GET /claims/{id} and the claim list). */
export interface RiskFlagView {
  id: string;
  kind: RiskFlagKind;
  reason: RiskFlagReason;
  /**
   * The other claim and its enterprise, when the reader's operator tenant runs that claim's
   * program too; null otherwise (another city's bureau does not learn its vouchers' ids).
   */
  related: { claimId: string; enterpriseId: string } | null;
  createdAt: Date;
}

/**
 * Flags `claimId` and `relatedClaimId` against each other (one flag on each, kept once per pair
 * and kind). Neither enterprise is told: the flags are read by operator staff only.
 */
export async function raisePairedRiskFlags(
  tx: Sql,
  flag: {
    kind: RiskFlagKind;
    reason: RiskFlagReason;
    claim: { id: string; enterpriseId: string };
    related: { id: string; enterpriseId: string };
    now: Date;
  },
): Promise<void> {
  for (const [on, other] of [
    [flag.claim, flag.related],
    [flag.related, flag.claim],
  ] as const) {
    await tx.query(
      `insert into claim_risk_flags
         (id, claim_id, kind, reason_zh, reason_en, related_claim_id, related_enterprise_id, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (claim_id, kind, related_claim_id) do nothing`,
      [
        uuidv7(),
        on.id,
        flag.kind,
        flag.reason['zh-CN'],
        flag.reason.en,
        other.id,
        other.enterpriseId,
        flag.now,
      ],
    );
  }
}

/** Most flags shown per claim (a bound on every list). */
const MAX_FLAGS_PER_CLAIM = 50;

/**
 * The risk flags of `claimIds` by claim, for operator staff and the platform's own jobs; null
 * for anyone else (enterprises and providers never see them, not even that they exist).
 */
export async function riskFlagsFor(
  sql: Sql,
  actor: Actor,
  claimIds: readonly string[],
): Promise<Map<string, RiskFlagView[]> | null> {
  if (isPerson(actor) && actor.tenantKind !== 'operator') return null;
  const operatorTenantId = isPerson(actor) ? actor.tenantId : null;
  const flags = new Map<string, RiskFlagView[]>(claimIds.map((id) => [id, []]));
  if (claimIds.length === 0) return flags;
  const rows = await sql.query<{
    id: string;
    claim_id: string;
    kind: RiskFlagKind;
    reason_zh: string;
    reason_en: string;
    related_claim_id: string;
    related_enterprise_id: string;
    related_visible: boolean;
    created_at: Date;
  }>(
    `select f.id, f.claim_id, f.kind, f.reason_zh, f.reason_en, f.related_claim_id,
            f.related_enterprise_id, f.created_at,
            ($2::uuid is null or vp.operator_tenant_id = $2::uuid) as related_visible
       from claim_risk_flags f
       join voucher_claims rc on rc.id = f.related_claim_id
       left join voucher_programs vp on vp.program_id = rc.program_id
      where f.claim_id = any($1::uuid[])
      order by f.claim_id, f.id`,
    [claimIds, operatorTenantId],
  );
  for (const row of rows) {
    const list = flags.get(row.claim_id);
    if (!list || list.length >= MAX_FLAGS_PER_CLAIM) continue;
    list.push({
      id: row.id,
      kind: row.kind,
      reason: { 'zh-CN': row.reason_zh, en: row.reason_en },
      related: row.related_visible
        ? { claimId: row.related_claim_id, enterpriseId: row.related_enterprise_id }
        : null,
      createdAt: row.created_at,
    });
  }
  return flags;
}
