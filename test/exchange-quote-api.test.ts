import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness, type ApiResponse } from './support/api-harness.ts';
import {
  approvedGrant,
  marchHour,
  ascendOffer,
  publishProgram,
  registerComputeCentre,
  registerSme,
} from './support/exchange-fixtures.ts';

/**
 * A buy-now's quote is what the order then gets, to the fen, because both come from the same
 * code: over HTTP, for random purchases from a domestic Ascend offer by a Hangzhou SME whose
 * contracts this year (a recorded exchange order and a live claim, ¥490,000) sit just under the
 * SME rate's ¥500,000 threshold — so some purchases get 50 %, the one that crosses it and every
 * later one 30 % — under Hangzhou's reimbursement program, Wuhan's pay-the-provider program
 * (a small grant, so its balance binds), no grant, and another enterprise's grant; cards beyond
 * the offer and hours already sold out are refused. A quote writes nothing.
 */
describe('exchange: the buy-now quote is exactly what the order gets', () => {
  let h: ApiHarness;
  let offerId: string;
  let providerId: string;
  const enterprises = { A: '', B: '' };
  const grants: Record<'hangzhou' | 'wuhan', string> = { hangzhou: '', wuhan: '' };
  const at = marchHour;

  beforeAll(async () => {
    h = await createApiHarness();
    await publishProgram(h, 'hangzhou-city-compute');
    await publishProgram(h, 'wuhan-compute-service');
    enterprises.A = await registerSme(h, 'A', '330106');
    enterprises.B = await registerSme(h, 'B', '420106');
    providerId = await registerComputeCentre(h, 'A', 'domestic', '520100');
    offerId = await ascendOffer(h, providerId, { from: at(3, 0), to: at(36, 0) }, 2);
    grants.hangzhou = await approvedGrant(h, 'A', 'hangzhou-city-compute', '40000000');
    grants.wuhan = await approvedGrant(h, 'B', 'wuhan-compute-service', '100000');
    // This year's contracts under Hangzhou's program: a recorded exchange order (16 cards ×
    // 187 hours × ¥100.07 = ¥299,409.44) and a live claim on another contract (¥190,000).
    const seeded = await buy({ grant: 'hangzhou', cards: 16, day: 3, hour: 0, hours: 187 });
    expect(seeded.status, seeded.text).toBe(201);
    expect(seeded.json<{ subsidyMode: string }>().subsidyMode).toBe('reimburse-enterprise');
    const claim = await h.as('enterprise-admin@A').post('/api/v1/claims', {
      grantId: grants.hangzhou,
      providerId,
      contractId: 'HZ-2026-OUTSIDE-1',
      contractSignedOn: '2026-03-01',
      contractAmountFen: '19000000',
      purchase: { kind: 'compute', amountFen: '19000000', chipOrigin: 'domestic' },
    });
    expect(claim.status, claim.text).toBe(201);
    const submitted = await h
      .as('enterprise-admin@A')
      .post(`/api/v1/claims/${claim.json<{ id: string }>().id}/submit`);
    expect(submitted.status, submitted.text).toBe(200);
  });
  afterAll(async () => h.close());

  /**
   * A purchase: the Hangzhou SME (A) with its Hangzhou grant, with none, or naming the Wuhan
   * SME's grant (not its own: NOT_FOUND); the Wuhan SME (B) with its Wuhan grant.
   */
  interface Purchase {
    grant: keyof typeof grants | 'none' | 'foreign';
    cards: number;
    day: number;
    hour: number;
    hours: number;
  }

  const buyerOf = (purchase: Purchase) => (purchase.grant === 'wuhan' ? 'B' : 'A');
  const bodyOf = (purchase: Purchase) => ({
    enterpriseId: enterprises[buyerOf(purchase)],
    cards: purchase.cards,
    window: {
      from: at(purchase.day, purchase.hour),
      to: at(purchase.day, purchase.hour + purchase.hours),
    },
    ...(purchase.grant === 'none'
      ? {}
      : { grantId: grants[purchase.grant === 'foreign' ? 'wuhan' : purchase.grant] }),
  });
  const buy = (
    purchase: Purchase,
    expected?: { amountFen: string; subsidyFen: string },
  ): Promise<ApiResponse> =>
    h.as(`enterprise-admin@${buyerOf(purchase)}`).post(`/api/v1/exchange/offers/${offerId}/buy`, {
      ...bodyOf(purchase),
      ...(expected && {
        expected: { amountFen: expected.amountFen, subsidyFen: expected.subsidyFen },
      }),
    });
  const quote = (purchase: Purchase): Promise<ApiResponse> =>
    h
      .as(`enterprise-admin@${buyerOf(purchase)}`)
      .post(`/api/v1/exchange/offers/${offerId}/quote`, bodyOf(purchase));

  /** Every table a buy-now writes, and the offer's free capacity. */
  const footprint = async (): Promise<unknown> => {
    const [row] = await h.db.query(
      `select (select count(*) from exchange_orders)::int as orders,
              (select count(*) from voucher_claims)::int as claims,
              (select count(*) from voucher_transitions)::int as transitions,
              (select count(*) from audit_events)::int as audit,
              (select count(*) from ledger_transfers)::int as transfers,
              (select count(*) from claim_risk_flags)::int as flags,
              (select sum(cards_free)::int from exchange_offer_hours) as cards_free`,
    );
    return row;
  };

  const purchases = fc.record({
    grant: fc.constantFrom<Purchase['grant']>('hangzhou', 'hangzhou', 'wuhan', 'none', 'foreign'),
    cards: fc.integer({ min: 1, max: 17 }),
    day: fc.integer({ min: 11, max: 30 }),
    hour: fc.integer({ min: 0, max: 12 }),
    hours: fc.integer({ min: 1, max: 11 }),
  });

  it('quote, then buy: the same amount, subsidy, share and mode, or the same refusal', async () => {
    const seen = {
      rates: new Set<string>(),
      refusals: new Set<string>(),
      limits: new Set<string>(),
    };
    await fc.assert(
      fc.asyncProperty(fc.array(purchases, { minLength: 2, maxLength: 4 }), async (sequence) => {
        for (const purchase of sequence) {
          const before = await footprint();
          const quoted = await quote(purchase);
          expect(await footprint()).toEqual(before);
          // Confirmed at the quote's figures, as the console does: nothing moved between, so
          // the buy is never refused as QUOTE_CHANGED.
          const bought = await buy(
            purchase,
            quoted.status === 200 ? quoted.json<QuoteJson>() : undefined,
          );
          if (quoted.status !== 200) {
            expect(quoted.status).toBeGreaterThanOrEqual(400);
            expect(quoted.status).toBeLessThan(500);
            expect([bought.status, bought.errorCode]).toEqual([quoted.status, quoted.errorCode]);
            seen.refusals.add(quoted.errorCode ?? '');
            continue;
          }
          const offer = quoted.json<QuoteJson>();
          expect(bought.status, bought.text).toBe(201);
          const order = bought.json<Record<string, string>>();
          expect(order).toMatchObject({
            amountFen: offer.amountFen,
            cardHours: offer.cardHours,
            subsidyMode: offer.subsidyMode,
            subsidyFen: offer.subsidyFen,
            enterpriseShareFen: offer.enterpriseShareFen,
          });
          expect(BigInt(offer.amountFen) - BigInt(offer.subsidyFen)).toBe(
            BigInt(offer.enterpriseShareFen),
          );
          if (offer.subsidy !== null) {
            expect(order.programId).toBe(offer.subsidy.programId);
            expect(order.policyTrace).toEqual(offer.subsidy.trace);
            seen.rates.add(`${offer.subsidy.programId} ${offer.subsidy.rateBps}`);
            seen.limits.add(offer.subsidy.limitedBy);
          }
        }
      }),
      { numRuns: 6, seed: 20261206 },
    );
    // The sequences reached both sides of the SME threshold, the Wuhan grant's end and refusals.
    expect(seen.rates).toContain('hangzhou-city-compute 5000');
    expect(seen.rates).toContain('hangzhou-city-compute 3000');
    expect(seen.limits).toContain('grant-balance');
    expect(seen.refusals).toContain('NOT_FOUND');
  }, 60_000);

  it('says why the SME rate no longer applies once this year’s contracts pass ¥500,000', async () => {
    const quoted = await quote({ grant: 'hangzhou', cards: 1, day: 33, hour: 0, hours: 2 });
    expect(quoted.status, quoted.text).toBe(200);
    const { subsidy } = quoted.json<QuoteJson>();
    expect(subsidy).toMatchObject({
      rateBps: 3000,
      mode: 'reimburse-enterprise',
      limitedBy: 'rate',
    });
    const notApplying = subsidy?.trace.find((entry) => entry.rule === 'rate.sme-domestic-compute');
    expect(notApplying?.outcome).toBe('info');
    expect(notApplying?.message.en).toMatch(/does not apply/u);
  });

  it('the calculator, asked by the enterprise for itself, counts the same contracts: the same rate and subsidy', async () => {
    // 16 cards × 12 hours × ¥100.07 = ¥19,213.44: alone, it takes this year's contracts past
    // ¥500,000 (April 1st, a day the other tests leave free).
    const purchase: Purchase = { grant: 'hangzhou', cards: 16, day: 32, hour: 0, hours: 12 };
    const quoted = await quote(purchase);
    expect(quoted.status, quoted.text).toBe(200);
    const offer = quoted.json<QuoteJson>();
    const calculated = await h.as('enterprise-admin@A').post('/api/v1/programs/calculate', {
      purchase: {
        kind: 'compute',
        amountFen: offer.amountFen,
        contractId: 'CALC-WHAT-IF-1',
        contractAmountFen: offer.amountFen,
        contractSignedOn: '2026-03-02',
        providerId,
        chipOrigin: 'domestic',
        providerRegionCode: '520000',
        date: '2026-03-02',
      },
    });
    expect(calculated.status, calculated.text).toBe(200);
    const answer = calculated.json<{
      profileSource: string;
      ranking: { programId: string; rateBps: number; subsidyFen: string }[];
    }>();
    expect(answer.profileSource).toBe('session');
    const hangzhou = answer.ranking.find((item) => item.programId === 'hangzhou-city-compute');
    expect(hangzhou).toMatchObject({ rateBps: 3000, subsidyFen: offer.subsidyFen });
  });
});

interface QuoteJson {
  amountFen: string;
  cardHours: string;
  subsidyMode: string;
  subsidyFen: string;
  enterpriseShareFen: string;
  subsidy: {
    programId: string;
    rateBps: number;
    limitedBy: string;
    trace: { rule: string; outcome: string; message: { en: string } }[];
  } | null;
}
