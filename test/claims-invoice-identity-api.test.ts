import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import {
  digitalInvoiceNumber,
  draftedClaim,
  grantFor,
  setUpClaims,
  upload,
} from './support/claim-fixtures.ts';

/**
 * Invoice identity over HTTP (issue 17, item 5), with two enterprise tenants: an 8-digit
 * number needs its 10- or 12-digit invoice code and is keyed with it; a 20-digit (数电票) number
 * stands alone. The same invoice twice in one enterprise is a double subsidy (409); in two
 * enterprises it is a risk flag for the reviewer — never an answer to the uploader about
 * another tenant's invoice, and never a refusal of the rightful owner.
 */

let h: ApiHarness;
let providerId: string;
let grantA: string;
let grantB: string;
let contractCounter = 0;

interface ClaimJson {
  invoiceNumber: string | null;
  invoiceAmountFen: string | null;
  invoices: { invoiceCode: string | null; invoiceNumber: string; amountFen: string }[];
  riskFlags?: { kind: string; related: { claimId: string } | null; reason: { en: string } }[];
}

beforeAll(async () => {
  h = await createApiHarness();
  ({ providerA: providerId } = await setUpClaims(h));
  grantA = await grantFor(h, 'A');
  grantB = await grantFor(h, 'B');
});
afterAll(async () => {
  await h.close();
});

const enterpriseA = () => h.as('enterprise-admin@A');
const enterpriseB = () => h.as('enterprise-admin@B');

async function claimOf(letter: 'A' | 'B'): Promise<string> {
  contractCounter += 1;
  return draftedClaim(letter === 'A' ? enterpriseA() : enterpriseB(), {
    grantId: letter === 'A' ? grantA : grantB,
    providerId,
    contractId: `INV-${letter}-${String(contractCounter)}`,
  });
}

describe('invoice identity', () => {
  it('asks for the invoice code where the number needs one, and only there', async () => {
    const claimId = await claimOf('A');
    const invoice = (query: Record<string, string>) =>
      upload(enterpriseA(), claimId, { kind: 'invoice', amountFen: '1000', ...query });
    const refusals = [
      [{ invoiceNumber: '12345678' }, 'invoiceCode'],
      [{ invoiceNumber: '12345678', invoiceCode: '12345678901' }, 'invoiceCode'],
      [{ invoiceNumber: digitalInvoiceNumber(), invoiceCode: '3300251130' }, 'invoiceCode'],
      [{ invoiceNumber: '1234567890' }, 'invoiceNumber'],
    ] as const;
    for (const [query, field] of refusals) {
      const refused = await invoice(query);
      expect(refused.status, JSON.stringify(query)).toBe(400);
      expect(refused.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: { field } },
      });
    }
    const paper = await invoice({ invoiceNumber: '1234 5678', invoiceCode: '033002500111' });
    expect(paper.status, paper.text).toBe(201);
    const claim = (await enterpriseA().get(`/api/v1/claims/${claimId}`)).json<ClaimJson>();
    expect(claim.invoices).toEqual([
      expect.objectContaining({
        invoiceCode: '033002500111',
        invoiceNumber: '12345678',
        amountFen: '1000',
      }),
    ]);
  });

  it('keys an 8-digit number with its code: the same number under two codes is two invoices', async () => {
    const first = await claimOf('A');
    const second = await claimOf('A');
    const number = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
    const one = await upload(enterpriseA(), first, {
      kind: 'invoice',
      invoiceNumber: number,
      invoiceCode: '3300251130',
      amountFen: '1000',
    });
    expect(one.status, one.text).toBe(201);
    const other = await upload(enterpriseA(), second, {
      kind: 'invoice',
      invoiceNumber: number,
      invoiceCode: '3300251131',
      amountFen: '1000',
    });
    expect(other.status, other.text).toBe(201);
    // The same code and number again in the same enterprise: a double subsidy, naming its own claim.
    const again = await upload(enterpriseA(), second, {
      kind: 'invoice',
      invoiceNumber: number,
      invoiceCode: '3300251130',
      amountFen: '1000',
    });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({
      error: { code: 'CONFLICT', details: { field: 'invoiceNumber', claimId: first } },
    });
  });

  it('lets the owner of an invoice another enterprise used first claim it, tells neither, and flags both', async () => {
    const number = digitalInvoiceNumber();
    const squatter = await claimOf('B');
    const owner = await claimOf('A');
    const first = await upload(enterpriseB(), squatter, {
      kind: 'invoice',
      invoiceNumber: number,
      amountFen: '1000',
    });
    expect(first.status, first.text).toBe(201);
    const rightful = await upload(enterpriseA(), owner, {
      kind: 'invoice',
      invoiceNumber: number,
      amountFen: '1000',
    });
    expect(rightful.status, rightful.text).toBe(201);
    expect(rightful.text).not.toContain(squatter);
    for (const [client, id, otherId] of [
      [enterpriseA(), owner, squatter],
      [enterpriseB(), squatter, owner],
    ] as const) {
      const view = await client.get(`/api/v1/claims/${id}`);
      expect(view.json<ClaimJson>().riskFlags).toBeUndefined();
      expect(view.text).not.toContain(otherId);
    }
    for (const [id, related] of [
      [owner, squatter],
      [squatter, owner],
    ] as const) {
      const staff = await h.as('reviewer@A').get(`/api/v1/claims/${id}`);
      expect(staff.json<ClaimJson>().riskFlags).toEqual([
        expect.objectContaining({
          kind: 'invoice_shared',
          related: expect.objectContaining({ claimId: related }) as unknown,
        }),
      ]);
      expect(staff.json<ClaimJson>().riskFlags?.[0]?.reason.en).toContain(number);
    }
  });
});
