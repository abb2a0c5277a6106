import type { Database } from '../db/client.ts';
import { DAY_MS, shanghaiDayOf } from '../domain/shared/calendar.ts';
import type { EvidenceStore } from '../services/evidence/index.ts';
import { registerEnterprise } from '../services/parties/index.ts';
import { getVersionInForce } from '../services/programs/index.ts';
import { redeemClaim, type Actor } from '../services/vouchers/index.ts';
import { demoCohort, type CohortEnterprise } from './demo-history-cohort.ts';
import {
  actorOf,
  applyFor,
  approve,
  attachEvidence,
  claimContract,
  expiryAfter,
} from './voucher-steps.ts';

/** Enterprises in the history: enough that the splits have several values each, few enough to seed in seconds. */
export const HISTORY_ENTERPRISES = 36;

/**
 * How fast the history spends the budget, against an even burn over the fiscal year (basis
 * points): a little slower than even, as a city's first year tends to go, so the forecast day the
 * budget runs out lands a little after the elapsed share of the year would put it.
 */
const PACE_BPS = 9_000n;

/** The per-enterprise cap of Hangzhou's program (PROGRAMS.md: ≤ ¥8M per enterprise per year). */
const CAP_YUAN = 8_000_000n;
const WAN = 10_000n;
const YUAN = 100n;

/** The rate each purchase gets under Hangzhou's rules (PROGRAMS.md, the 2025 detailed rules). */
const RATE_BPS = { domestic: 3_000n, imported: 2_000n, model: 3_000n } as const;

export interface DemoHistorySummary {
  enterprises: number;
  grants: number;
  redeemedClaims: number;
  grantedFen: bigint;
}

interface HistoryContext {
  db: Database;
  evidenceStore: EvidenceStore;
  programId: string;
  providerId: string;
  reviewer: Actor;
  operator: Actor;
  now: Date;
}

/**
 * The Hangzhou program's history over the fiscal year so far (from `from`, the program's funding
 * day, to two days before `now`): a cohort of enterprises applies, one every few days, each for
 * its share of an almost even burn of the budget (within the ¥8M cap), the reviewer approves a
 * day later, and one in three of those with a month to spare claims a contract for 60 % of their
 * purchase and are redeemed — every fen through the voucher services, the policy engine and the
 * ledger, at the dates it happened. Gives the budget dashboard a burn-down curve, a forecast day
 * and splits with several values, on the first start.
 */
export async function createDemoHistory(
  options: HistoryContext & { from: Date },
): Promise<DemoHistorySummary> {
  const { db, programId, now } = options;
  const { definition } = await getVersionInForce({
    sql: db,
    programId,
    date: shanghaiDayOf(options.from),
  });
  const firstAt = options.from.getTime() + DAY_MS;
  const spanMs = now.getTime() - 2 * DAY_MS - firstAt;
  // A program without a budget has nothing to burn down.
  const budgetFen = definition.budgetFen ?? 0n;
  if (spanMs <= 0 || budgetFen <= 0n)
    return { enterprises: 0, grants: 0, redeemedClaims: 0, grantedFen: 0n };
  const spanDays = BigInt(Math.floor(spanMs / DAY_MS));
  // The share of the budget an even burn spends over the span, times the pace; rounded down.
  const targetYuan = (budgetFen * PACE_BPS * spanDays) / (10_000n * 365n * YUAN);
  const cohort = demoCohort(HISTORY_ENTERPRISES);
  const totalWeight = BigInt(cohort.reduce((sum, enterprise) => sum + enterprise.weight, 0));
  const summary: DemoHistorySummary = {
    enterprises: 0,
    grants: 0,
    redeemedClaims: 0,
    grantedFen: 0n,
  };
  for (const enterprise of cohort) {
    const at = new Date(firstAt + (spanMs * (enterprise.index + 0.5)) / cohort.length);
    // Its share of the target, rounded down to whole 万元 (how grants are decided), within the cap.
    const shareYuan = ((targetYuan * BigInt(enterprise.weight)) / totalWeight / WAN) * WAN;
    const grantYuan = shareYuan < WAN ? WAN : shareYuan > CAP_YUAN ? CAP_YUAN : shareYuan;
    const redeemed = await historyOf({ ...options, enterprise, at, grantYuan });
    summary.enterprises += 1;
    summary.grants += 1;
    summary.grantedFen += grantYuan * YUAN;
    if (redeemed) summary.redeemedClaims += 1;
  }
  return summary;
}

/** One cohort enterprise's year: registered, applies at `at`, granted, maybe claims and is redeemed. */
async function historyOf(
  context: HistoryContext & { enterprise: CohortEnterprise; at: Date; grantYuan: bigint },
): Promise<boolean> {
  const { db, enterprise, at, grantYuan } = context;
  const { enterprise: registered } = await registerEnterprise({
    sql: db,
    input: {
      uscc: enterprise.uscc,
      name: enterprise.name,
      size: enterprise.size,
      foundedOn: enterprise.foundedOn,
      industries: enterprise.industries,
      address: enterprise.address,
    },
    actor: context.operator,
    now: new Date(at.getTime() - DAY_MS),
  });
  const actor = actorOf(null, registered.id, 'demo-seed');
  const rate = RATE_BPS[enterprise.purchase];
  // The planned purchase the grant is the rate of: rounded up to whole 万元, so rate × purchase
  // (rounded down by the policy engine) covers the grant asked for.
  const purchaseYuan = (((grantYuan * 10_000n + rate - 1n) / rate + WAN - 1n) / WAN) * WAN;
  const kind = enterprise.purchase === 'model' ? ('model' as const) : ('compute' as const);
  const purchaseTerms =
    enterprise.purchase === 'model' ? { filedModel: true } : { chipOrigin: enterprise.purchase };
  const application = await applyFor({
    db,
    plan: {
      programId: context.programId,
      enterpriseId: registered.id,
      kind,
      amountFen: purchaseYuan * YUAN,
      requestedFen: grantYuan * YUAN,
      purpose: kind === 'model' ? '基于已备案大模型的业务智能化改造' : '行业模型训练与推理算力采购',
      ...purchaseTerms,
    },
    actor,
    at,
  });
  const approvedAt = new Date(at.getTime() + DAY_MS);
  const grant = await approve({
    db,
    applicationId: application.id,
    amountFen: grantYuan * YUAN,
    expiresOn: expiryAfter(approvedAt, 360),
    reviewer: context.reviewer,
    at: approvedAt,
  });
  // One in three claims once the contract has run a few weeks, if that is before now.
  const claimedAt = new Date(at.getTime() + 20 * DAY_MS);
  const redeemAt = new Date(at.getTime() + 26 * DAY_MS);
  if (enterprise.index % 3 !== 0 || redeemAt.getTime() >= context.now.getTime()) return false;
  const contractYuan = (purchaseYuan * 6n) / 10n;
  const claim = await claimContract({
    db,
    plan: {
      grant,
      providerId: context.providerId,
      contractId: `ZJZS-H${String(enterprise.index + 1).padStart(3, '0')}`,
      contractAmountFen: contractYuan * YUAN,
      kind,
      ...purchaseTerms,
    },
    actor,
    at: claimedAt,
  });
  const evidenceAt = new Date(claimedAt.getTime() + DAY_MS);
  // 20-digit fully digital invoice numbers (全电发票): year, region, serial (apart from the story's).
  const invoiceNumber = `${shanghaiDayOf(evidenceAt).slice(2, 4)}3301${String(900_000 + enterprise.index).padStart(14, '0')}`;
  await attachEvidence({
    db,
    store: context.evidenceStore,
    claim,
    invoiceNumber,
    invoicedFen: contractYuan * YUAN,
    paidFen: contractYuan * YUAN,
    actor,
    at: evidenceAt,
  });
  await redeemClaim({ db, claimId: claim.id, actor: context.operator, now: redeemAt });
  return true;
}
