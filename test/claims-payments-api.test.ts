import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  digitalInvoiceNumber,
  draftedClaim,
  grantFor,
  setUpClaims,
  upload,
} from './support/claim-fixtures.ts';

/**
 * Partial payments over HTTP (issue 17, item 2): payment proofs on a claim add up, each kept,
 * bounded by the invoiced and contract amounts, and the redemption uses the sum.
 */

let h: ApiHarness;
let providerId: string;

interface ClaimJson {
  state: string;
  invoiceAmountFen: string | null;
  paidAmountFen: string | null;
  reservedFen: string;
  redeemedFen: string;
  payments: { amountFen: string; attachmentId: string }[];
  invoices: { amountFen: string }[];
}

beforeAll(async () => {
  h = await createApiHarness();
  ({ providerA: providerId } = await setUpClaims(h));
});
afterAll(async () => {
  await h.close();
});

const enterprise = () => h.as('enterprise-admin@A');
const claimOf = async (id: string): Promise<ClaimJson> =>
  (await enterprise().get(`/api/v1/claims/${id}`)).json<ClaimJson>();

describe('partial payments', () => {
  it('¥1,200,000 then ¥800,000 on a ¥2,000,000 contract: ¥2,000,000 paid, the full ¥400,000 redeemed', async () => {
    const grantId = await grantFor(h, 'A');
    const claimId = await draftedClaim(enterprise(), {
      grantId,
      providerId,
      contractId: 'HZ-PAY-0001',
    });
    const submitted = await enterprise().post(`/api/v1/claims/${claimId}/submit`);
    expect(submitted.json()).toMatchObject({ state: 'submitted', reservedFen: '40000000' });
    const invoice = { kind: 'invoice', invoiceNumber: digitalInvoiceNumber() };
    expect(
      (await upload(enterprise(), claimId, { ...invoice, amountFen: '200000000' })).status,
    ).toBe(201);
    for (const amountFen of ['120000000', '80000000']) {
      const paid = await upload(enterprise(), claimId, { kind: 'payment', amountFen });
      expect(paid.status, paid.text).toBe(201);
    }
    expect((await upload(enterprise(), claimId, { kind: 'delivery' })).status).toBe(201);
    const complete = await claimOf(claimId);
    expect(complete).toMatchObject({ state: 'evidence_complete', paidAmountFen: '200000000' });
    expect(complete.payments.map((payment) => payment.amountFen)).toEqual([
      '120000000',
      '80000000',
    ]);
    const redeemed = await h.as('reviewer@A').post(`/api/v1/claims/${claimId}/redeem`);
    expect(redeemed.status, redeemed.text).toBe(200);
    expect(redeemed.json()).toMatchObject({ state: 'redeemed', redeemedFen: '40000000' });
    expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
  });

  it('takes a later instalment after the evidence was complete, and refuses one past the invoiced total', async () => {
    const grantId = await grantFor(h, 'A');
    const claimId = await draftedClaim(enterprise(), {
      grantId,
      providerId,
      contractId: 'HZ-PAY-0002',
    });
    await enterprise().post(`/api/v1/claims/${claimId}/submit`);
    const number = digitalInvoiceNumber();
    await upload(enterprise(), claimId, {
      kind: 'invoice',
      invoiceNumber: number,
      amountFen: '150000000',
    });
    await upload(enterprise(), claimId, { kind: 'payment', amountFen: '100000000' });
    await upload(enterprise(), claimId, { kind: 'delivery' });
    expect(await claimOf(claimId)).toMatchObject({ state: 'evidence_complete' });
    const later = await upload(enterprise(), claimId, { kind: 'payment', amountFen: '50000000' });
    expect(later.status, later.text).toBe(201);
    // One fen more than invoiced: refused, with what remains, and nothing recorded.
    const over = await upload(enterprise(), claimId, { kind: 'payment', amountFen: '1' });
    expect(over.status).toBe(422);
    expect(over.errorCode).toBe('EVIDENCE_AMOUNT_EXCEEDED');
    expect(over.json()).toMatchObject({
      error: { details: { field: 'amountFen', bound: 'invoiced', remainingFen: '0' } },
    });
    // The invoiced total may not pass the contract amount either.
    const bigInvoice = await upload(enterprise(), claimId, {
      kind: 'invoice',
      invoiceNumber: digitalInvoiceNumber(),
      amountFen: '50000001',
    });
    expect(bigInvoice.errorCode).toBe('EVIDENCE_AMOUNT_EXCEEDED');
    const after = await claimOf(claimId);
    expect(after).toMatchObject({ paidAmountFen: '150000000', invoiceAmountFen: '150000000' });
    expect(after.payments).toHaveLength(2);
    expect(after.invoices).toHaveLength(1);
    const files = await enterprise().get(`/api/v1/claims/${claimId}/attachments`);
    expect(files.json<{ items: unknown[] }>().items).toHaveLength(4);
    // Redeemed on the smaller total: 20 % of ¥1,500,000.
    const redeemed = await h.as('reviewer@A').post(`/api/v1/claims/${claimId}/redeem`);
    expect(redeemed.json()).toMatchObject({ redeemedFen: '30000000' });
    expect(
      (await upload(enterprise(), claimId, { kind: 'payment', amountFen: '1' })).errorCode,
    ).toBe('INVALID_STATE_TRANSITION');
  });

  it('keeps the paid total the sum of the accepted proofs, within its bounds, on any sequence', async () => {
    const grantId = await grantFor(h, 'A', { amountFen: '1000' });
    let contract = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.option(fc.bigInt({ min: 1n, max: 10_000n }), { nil: null }),
        fc.array(fc.bigInt({ min: 1n, max: 6_000n }), { minLength: 1, maxLength: 6 }),
        async (contractFen, invoiceFen, payments) => {
          contract += 1;
          const claimId = await draftedClaim(enterprise(), {
            grantId,
            providerId,
            contractId: `HZ-PROP-${String(contract)}`,
            contractAmountFen: contractFen.toString(),
          });
          let invoicedFen: bigint | null = null;
          if (invoiceFen !== null) {
            const invoiced = await upload(enterprise(), claimId, {
              kind: 'invoice',
              invoiceNumber: digitalInvoiceNumber(),
              amountFen: invoiceFen.toString(),
            });
            if (invoiceFen <= contractFen) {
              expect(invoiced.status, invoiced.text).toBe(201);
              invoicedFen = invoiceFen;
            } else {
              expect(invoiced.errorCode).toBe('EVIDENCE_AMOUNT_EXCEEDED');
            }
          }
          const limitFen =
            invoicedFen === null || invoicedFen > contractFen ? contractFen : invoicedFen;
          const accepted: string[] = [];
          let paidFen = 0n;
          for (const amountFen of payments) {
            const paid = await upload(enterprise(), claimId, {
              kind: 'payment',
              amountFen: amountFen.toString(),
            });
            if (paidFen + amountFen <= limitFen) {
              expect(paid.status, paid.text).toBe(201);
              paidFen += amountFen;
              accepted.push(amountFen.toString());
            } else {
              expect(paid.errorCode).toBe('EVIDENCE_AMOUNT_EXCEEDED');
            }
          }
          const claim = await claimOf(claimId);
          expect(claim.paidAmountFen).toBe(accepted.length === 0 ? null : paidFen.toString());
          expect(claim.payments.map((payment) => payment.amountFen)).toEqual(accepted);
        },
      ),
      { numRuns: 30 },
    );
  });
});
