import { shanghaiDayOf } from '../domain/shared/calendar.ts';
import {
  clawbackClaim,
  expireGrants,
  payoutClaim,
  redeemClaim,
  rejectClaim,
  reviewApplication,
  voidGrant,
  withdrawApplication,
  type Claim,
} from '../services/vouchers/index.ts';
import { closeList, decide, monthOf, objectTo, publishList } from './demo-publications.ts';
import type { DemoStory } from './demo-story.ts';

export interface DemoVoucherSummary {
  programIds: string[];
  applications: number;
  grants: number;
  claims: number;
  publications: number;
  /** Claims on a closed 公示 list and not paid yet: `POST /api/v1/claims/{id}/payout` pays them. */
  readyToPayOutClaimIds: string[];
}

/** The contract of the claim the demo leaves ready to pay out (the README's walk-through finds it by this). */
export const READY_TO_PAY_OUT_CONTRACT = 'ZJZS-2025-0623';

const domestic = (yuan: bigint) => ({
  kind: 'compute' as const,
  chipOrigin: 'domestic' as const,
  yuan,
});
const imported = (yuan: bigint) => ({
  kind: 'compute' as const,
  chipOrigin: 'imported' as const,
  yuan,
});
const filedModel = (yuan: bigint) => ({ kind: 'model' as const, filedModel: true, yuan });

/**
 * Days 80 → 40 ago: grants (Hangzhou ¥1M of domestic compute planned → 30 % = ¥300,000;
 * Chengdu ¥2M → 50 % = ¥1M), the first claims (contracts of ≤ ¥500,000 give the Hangzhou SME
 * 50 %), one rejected, redemption, 公示 with an objection dismissed in Hangzhou and one upheld in
 * Chengdu (its entry withdrawn, its payout blocked), closing, and payout.
 */
async function firstRound(story: DemoStory) {
  const { db, programs, reviewer, operator, publisher } = story;
  const hg1 = await story.grant(
    'hangzhou',
    domestic(1_000_000n),
    300_000n,
    '基于国产算力的行业大模型微调与推理服务采购',
    80,
  );
  const cg1 = await story.grant(
    'chengdu',
    domestic(2_000_000n),
    1_000_000n,
    '智能制造质检视觉模型训练（国产算力）',
    79,
  );
  const cg4 = await story.grant(
    'chengdu',
    domestic(200_000n),
    100_000n,
    '产线数字孪生仿真算力',
    75,
  );
  const hg2 = await story.grant(
    'hangzhou',
    domestic(100_000n),
    50_000n,
    '智能客服模型推理算力',
    72,
  );
  // Runs out five days before now: the expiry job at the end of the story expires it.
  await story.grant(
    'chengdu',
    domestic(100_000n),
    50_000n,
    '工艺参数优化实验算力',
    70,
    shanghaiDayOf(story.day(5)),
  );
  const cg2 = await story.grant(
    'chengdu',
    domestic(100_000n),
    50_000n,
    '设备预测性维护模型训练',
    68,
  );

  // Hangzhou publishes its approved grants of the month (拟支持名单) before the first claims.
  const grantsList = await publishList({
    db,
    key: 'hangzhou',
    programId: programs.hangzhou,
    period: monthOf(hg1.createdAt),
    actor: publisher,
    at: story.day(67),
    source: 'grants',
  });
  await closeList({ db, publication: grantsList, actor: publisher, at: story.day(59) });
  const hc1 = await story.claim('hangzhou', hg1, 'ZJZS-2025-0417', domestic(200_000n), 66);
  const cc1 = await story.claim('chengdu', cg1, 'TFZS-HT-0088', domestic(600_000n), 66);
  const cc5 = await story.claim('chengdu', cg1, 'TFZS-HT-0091', domestic(120_000n), 65.9);
  const cc3 = await story.claim('chengdu', cg1, 'TFZS-HT-0095', domestic(100_000n), 65.8);
  const cc2 = await story.claim('chengdu', cg4, 'TFZS-HT-0102', domestic(200_000n), 65);
  for (const claim of [hc1, cc1, cc5, cc2]) await story.evidence(claim, 62);
  await story.evidence(cc3, 62, true);
  await rejectClaim({
    db,
    claimId: cc3.id,
    reason: '发票抬头与合同主体不一致，请更正后重新申报',
    actor: reviewer,
    now: story.day(58),
  });
  for (const claim of [hc1, cc1, cc5, cc2])
    await redeemClaim({ db, claimId: claim.id, actor: operator, now: story.day(55) });

  const period = monthOf(story.day(55));
  const hzList = await publishList({
    db,
    key: 'hangzhou',
    programId: programs.hangzhou,
    period,
    actor: publisher,
    at: story.day(50),
  });
  const cdList = await publishList({
    db,
    key: 'chengdu',
    programId: programs.chengdu,
    period,
    actor: publisher,
    at: story.day(49.9),
  });
  const dismissed = await objectTo({
    db,
    publication: hzList,
    claimId: hc1.id,
    body: '该企业规模是否符合中小企业认定标准？请核实。',
    visitor: 'visitor-1',
    at: story.day(48),
  });
  const upheld = await objectTo({
    db,
    publication: cdList,
    claimId: cc5.id,
    body: '合同TFZS-HT-0091的服务商与申报企业的股东存在关联关系，请核查。',
    visitor: 'visitor-2',
    at: story.day(47),
  });
  await decide({
    db,
    objectionId: dismissed,
    resolution: 'dismissed',
    note: '经核实，企业营业收入与从业人数符合小型企业标准。',
    actor: reviewer,
    at: story.day(45),
  });
  await decide({
    db,
    objectionId: upheld,
    resolution: 'upheld',
    note: '经核查属实：服务商与企业存在共同股东，该笔兑付撤回。',
    actor: reviewer,
    at: story.day(44),
  });
  await closeList({ db, publication: hzList, actor: publisher, at: story.day(42) });
  await closeList({ db, publication: cdList, actor: publisher, at: story.day(42) });
  for (const claim of [hc1, cc1, cc2])
    await payoutClaim({ db, claimId: claim.id, actor: operator, now: story.day(40) });
  return { hg1, hg2, cg1, cg2, cc2 };
}

/** Applications that end elsewhere than a grant: withdrawn, rejected, returned for changes. */
async function otherApplications(story: DemoStory): Promise<void> {
  const { db, reviewer } = story;
  const h4 = await story.apply(
    'hangzhou',
    filedModel(200_000n),
    60_000n,
    '营销文案生成模型服务',
    40,
  );
  await withdrawApplication({
    db,
    applicationId: h4.id,
    reason: '项目延期，撤回申请',
    actor: story.actorOf('hangzhou'),
    now: story.day(38),
  });
  const c2 = await story.apply('chengdu', imported(500_000n), 150_000n, '海外GPU集群训练任务', 36);
  const rejection = {
    decision: 'reject' as const,
    reason: '本批次优先支持国产算力项目，非国产算力申请暂不予支持。',
  };
  await reviewApplication({
    db,
    applicationId: c2.id,
    decision: rejection,
    actor: reviewer,
    now: story.day(35),
  });
  const h2 = await story.apply(
    'hangzhou',
    filedModel(300_000n),
    90_000n,
    '基于已备案大模型的知识库问答服务',
    30,
  );
  const returned = { decision: 'return' as const, reason: '请补充模型备案编号及服务商报价单。' };
  await reviewApplication({
    db,
    applicationId: h2.id,
    decision: returned,
    actor: reviewer,
    now: story.day(28),
  });
}

/**
 * Days 26 → 0: a claim that exhausts its grant, a claim redeemed and through its 公示 window but
 * not paid (so a newcomer can pay it out at once), a paid claim clawed back (1× penalty), a
 * voided grant, claims left at each step, Hangzhou's next list as a draft and Chengdu's open
 * for objections now; finally the expiry job. Returns the claim ready to pay out.
 */
async function secondRound(
  story: DemoStory,
  first: Awaited<ReturnType<typeof firstRound>>,
): Promise<Claim> {
  const { db, programs, operator, publisher } = story;
  const hc2 = await story.claim('hangzhou', first.hg1, 'ZJZS-2025-0602', filedModel(160_000n), 26);
  const hc6 = await story.claim('hangzhou', first.hg2, 'ZJZS-2025-0611', domestic(100_000n), 25.9);
  const cc4 = await story.claim('chengdu', first.cg1, 'TFZS-HT-0120', domestic(300_000n), 24);
  const redeemNext: Claim[] = [hc2, hc6, cc4];
  for (const claim of redeemNext) await story.evidence(claim, 23);
  const ready = await story.claim(
    'hangzhou',
    first.hg1,
    READY_TO_PAY_OUT_CONTRACT,
    domestic(50_000n),
    23.5,
  );
  await story.evidence(ready, 23);
  await redeemClaim({ db, claimId: ready.id, actor: operator, now: story.day(22) });
  const readyList = await publishList({
    db,
    key: 'hangzhou',
    programId: programs.hangzhou,
    period: monthOf(story.day(22)),
    actor: publisher,
    at: story.day(21),
  });
  const clawback = '抽查发现交付证明与实际算力用量不符，追回补贴并处1倍罚款。';
  await clawbackClaim({
    db,
    claimId: first.cc2.id,
    penaltyMultipleBps: 10_000,
    reason: clawback,
    blacklist: false,
    actor: operator,
    now: story.day(20),
  });
  await voidGrant({
    db,
    grantId: first.cg2.id,
    reason: '企业申请注销该算力券（项目取消）',
    actor: operator,
    now: story.day(15),
  });
  await closeList({ db, publication: readyList, actor: publisher, at: story.day(13) });
  const hc3 = await story.claim('hangzhou', first.hg1, 'ZJZS-2025-0705', imported(60_000n), 12);
  await story.evidence(hc3, 11.9);
  for (const claim of redeemNext)
    await redeemClaim({ db, claimId: claim.id, actor: operator, now: story.day(10) });
  const hc4 = await story.claim('hangzhou', first.hg1, 'ZJZS-2025-0718', domestic(40_000n), 8);
  await story.evidence(hc4, 7.9, true);

  const period = monthOf(story.day(10));
  await publishList({
    db,
    key: 'hangzhou',
    programId: programs.hangzhou,
    period,
    actor: publisher,
    at: story.day(5),
    draft: true,
  });
  await story.apply('chengdu', domestic(400_000n), 200_000n, '新产线视觉检测模型迭代训练', 3);
  await story.apply('hangzhou', domestic(200_000n), 100_000n, '多模态模型评测算力', 2, false);
  await story.claim('hangzhou', first.hg1, 'ZJZS-2025-0730', domestic(30_000n), 2, false);
  const cdList = await publishList({
    db,
    key: 'chengdu',
    programId: programs.chengdu,
    period,
    actor: publisher,
    at: story.day(1),
  });
  await objectTo({
    db,
    publication: cdList,
    claimId: cc4.id,
    body: '请公开该合同的算力交付量与单价，以便公众监督。',
    visitor: 'visitor-3',
    at: story.day(0.5),
  });
  await expireGrants({ db, now: story.now });
  return ready;
}

/**
 * The demo story over the last 80 days, in time order, every step through the real services:
 * an SME in Hangzhou (西湖区) and a manufacturer in Chengdu (武侯区) apply for compute vouchers,
 * are reviewed, claim against contracts with two providers, are redeemed, published (公示),
 * paid out, and one is clawed back. At the end every lifecycle has every state.
 */
export async function createDemoVouchers(story: DemoStory): Promise<DemoVoucherSummary> {
  const first = await firstRound(story);
  await otherApplications(story);
  const ready = await secondRound(story, first);
  const [counts] = await story.db.query<{
    applications: bigint;
    grants: bigint;
    claims: bigint;
    publications: bigint;
  }>(
    `select (select count(*) from voucher_applications) as applications,
            (select count(*) from voucher_grants) as grants,
            (select count(*) from voucher_claims) as claims,
            (select count(*) from publications) as publications`,
  );
  return {
    programIds: [story.programs.hangzhou, story.programs.chengdu],
    applications: Number(counts?.applications ?? 0n),
    grants: Number(counts?.grants ?? 0n),
    claims: Number(counts?.claims ?? 0n),
    publications: Number(counts?.publications ?? 0n),
    readyToPayOutClaimIds: [ready.id],
  };
}
