import { createHash, createPublicKey, sign } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { systemActor } from '../services/authz/index.ts';
import {
  buyNow,
  canonicalUsageReport,
  createOffer,
  payProviders,
  recordUsageRefusal,
  submitUsageReport,
  type UsageReport,
} from '../services/exchange/index.ts';
import { demoId, type DemoParties } from './demo-parties.ts';
import { demoSigningKeyPair } from './demo-signing-key.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The exchange's past on the first start: three days ago the Hangzhou SME bought four H100 cards
 * for a week from the Hangzhou provider (with its compute voucher); the provider reported the
 * first two days' usage, signed with its demo key (and the first day's again, refused as a
 * replay), and was paid out. So the provider's page
 * shows an order with its received usage reports and a payout with its statement, and the
 * enterprise has an order running now that it may cancel (it ends at the next hour, the subsidy
 * scaled to the hours kept).
 */
export async function createDemoExchangeHistory(options: {
  db: Database;
  parties: DemoParties;
  now: Date;
}): Promise<void> {
  const { db, parties, now } = options;
  const actor = systemActor;
  const start = new Date(Math.floor((now.getTime() - 3 * DAY_MS) / HOUR_MS) * HOUR_MS);
  const offer = await createOffer({
    db,
    actor,
    providerId: parties.hangzhouProviderId,
    terms: {
      acceleratorId: 'nvidia-h100-sxm',
      cardCount: 16,
      regionCode: '330100',
      pueMilli: 1300,
      greenShareBps: 3500,
      pricePerCardHourFen: 2600n,
      window: { from: start, to: new Date(start.getTime() + 10 * DAY_MS) },
      minTermHours: 24,
      splittable: false,
    },
    now: new Date(start.getTime() - DAY_MS),
  });
  const [grant] = await db.query<{ id: string }>(
    `select id from voucher_grants where enterprise_id = $1 and state = 'active'
      order by amount_fen desc, id limit 1`,
    [parties.hangzhouSmeId],
  );
  const order = await buyNow({
    db,
    actor,
    enterpriseId: parties.hangzhouSmeId,
    offerId: offer.id,
    cards: 4,
    window: { from: start, to: new Date(start.getTime() + 7 * DAY_MS) },
    grantId: grant?.id,
    now: new Date(start.getTime() - 12 * HOUR_MS),
  });
  const { privateKey } = demoSigningKeyPair();
  const raw = Buffer.from(
    String(createPublicKey(privateKey).export({ format: 'jwk' }).x),
    'base64url',
  );
  const keyFingerprint = createHash('sha256').update(raw).digest('hex');
  const reports: { report: UsageReport; signatureBase64: string; now: Date }[] = [];
  for (const day of [0, 1]) {
    const from = new Date(start.getTime() + day * DAY_MS);
    const report: UsageReport = {
      reportId: demoId(`usage-report:${day}`),
      orderId: order.id,
      keyFingerprint,
      period: { from, to: new Date(from.getTime() + DAY_MS) },
      lines: [{ acceleratorId: 'nvidia-h100-sxm', cardHours: 4n * 24n }],
      meters: { energyWh: 4n * 24n * 700n },
    };
    const signatureBase64 = sign(null, Buffer.from(canonicalUsageReport(report)), privateKey);
    const submitted = {
      report,
      signatureBase64: signatureBase64.toString('base64'),
      now: new Date(from.getTime() + DAY_MS + 10 * 60_000),
    };
    await submitUsageReport({ db, actor, ...submitted });
    reports.push(submitted);
  }
  // The meter agent sent the first day's report again an hour later: refused as a replay, and
  // the provider's page shows the receipt with its code.
  const [first] = reports;
  if (first !== undefined) {
    const replayedAt = new Date(first.now.getTime() + HOUR_MS);
    await submitUsageReport({
      db,
      actor,
      ...first,
      now: replayedAt,
    }).then(
      () => {
        throw new Error('the demo’s replayed usage report was accepted');
      },
      async (error: unknown) => {
        if (!(error instanceof DomainError) || error.code !== 'USAGE_REPORT_REPLAYED') throw error;
        // As the API route does after the rollback: the receipt of the refusal.
        await recordUsageRefusal({ db, actor, report: first.report, error, now: replayedAt });
      },
    );
  }
  await payProviders({ db, actor, now: new Date(start.getTime() + 2 * DAY_MS + 30 * 60_000) });
}
