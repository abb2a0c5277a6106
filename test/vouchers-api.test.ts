import { hangzhouProgramYaml } from './support/catalog-fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../src/services/audit/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { listExpiryWarnings } from '../src/services/vouchers/index.ts';
import { createApiHarness, type ApiClient, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise, ensureProvider } from './support/matrix-entries/parties.ts';
import { publishRecipients } from './vouchers-support.ts';

/**
 * The voucher lifecycle end to end over HTTP, as the people of docs/architecture.md#who-uses-it do
 * it: the operator publishes Hangzhou's program, the enterprise applies, a reviewer approves, the
 * enterprise claims against a contract with evidence, the claim is redeemed, published (公示) and
 * paid out. Balances settled / in flight / committed are checked in fen at every step.
 */

const PROGRAM = 'hangzhou-city-compute';
const BUDGET_FEN = 25_000_000_000n; // ¥250,000,000

let h: ApiHarness;
let enterpriseId: string;
let providerId: string;

beforeAll(async () => {
  h = await createApiHarness();
  enterpriseId = await ensureEnterprise(h, h.tenants.enterpriseA);
  providerId = await ensureProvider(h, h.tenants.providerA);
});
afterAll(async () => {
  await h.close();
});

interface Balances {
  committedFen: string;
  inFlightFen: string;
  settledFen: string;
}

async function balances(client: ApiClient): Promise<Balances> {
  const response = await client.get(`/api/v1/enterprises/${enterpriseId}/balances`);
  expect(response.status).toBe(200);
  const { committedFen, inFlightFen, settledFen } = response.json<Balances>();
  return { committedFen, inFlightFen, settledFen };
}

async function budget(client: ApiClient): Promise<Record<string, string>> {
  const response = await client.get(`/api/v1/programs/${PROGRAM}/budget`);
  expect(response.status).toBe(200);
  return response.json<Record<string, string>>();
}

function upload(client: ApiClient, claimId: string, query: string, text: string) {
  return client.post(`/api/v1/claims/${claimId}/attachments?${query}`, undefined, {
    rawBody: `%PDF-1.7\n${text}\n%%EOF`,
    headers: { 'content-type': 'application/pdf' },
    idempotencyKey: null,
  });
}

describe('voucher lifecycle over HTTP', () => {
  it('publish → apply → approve → claim with evidence → redeem → 公示 → payout, exact fen at each step', async () => {
    const operator = h.as('operator-admin@A');
    const reviewer = h.as('reviewer@A');
    const auditor = h.as('auditor@A');
    const enterprise = h.as('enterprise-admin@A');

    // The operator publishes Hangzhou's 2026 version (the 2025 file with the new fiscal year).
    const yaml = hangzhouProgramYaml({ version: 2 });
    const published = await operator.post('/api/v1/programs/versions', { yaml });
    expect(published.status).toBe(201);

    // The enterprise applies: ¥1,000,000 of domestic compute → 30 % = ¥300,000 estimate; asks ¥250,000.
    const applied = await enterprise.post('/api/v1/applications', {
      programId: PROGRAM,
      plannedPurchase: { kind: 'compute', amountFen: '100000000', chipOrigin: 'domestic' },
      requestedFen: '25000000',
      purpose: '基于昇腾910B的行业大模型微调',
      submit: true,
    });
    expect(applied.status, applied.text).toBe(201);
    const application = applied.json<{ id: string; state: string; estimatedFen: string }>();
    expect(application).toMatchObject({ state: 'submitted', estimatedFen: '30000000' });

    // A reviewer approves ¥250,000 until the end of 2026: a pending reservation of the budget.
    const reviewed = await reviewer.post(`/api/v1/applications/${application.id}/review`, {
      decision: 'approve',
      amountFen: '25000000',
      expiresOn: '2026-12-31',
    });
    expect(reviewed.status).toBe(200);
    const { grantId } = reviewed.json<{ grantId: string; state: string }>();
    expect(await balances(enterprise)).toEqual({
      committedFen: '25000000',
      inFlightFen: '0',
      settledFen: '0',
    });
    expect(await budget(auditor)).toMatchObject({
      fundedFen: BUDGET_FEN.toString(),
      remainingFen: (BUDGET_FEN - 25_000_000n).toString(),
      committedFen: '25000000',
      inFlightFen: '0',
      settledFen: '0',
    });

    // Claim against a ¥1,000,000 contract for ¥800,000 of domestic compute: 30 % = ¥240,000 in flight.
    const drafted = await enterprise.post('/api/v1/claims', {
      grantId,
      providerId,
      contractId: 'HZ-2026-0001',
      contractSignedOn: '2026-03-01',
      contractAmountFen: '100000000',
      purchase: { kind: 'compute', amountFen: '80000000', chipOrigin: 'domestic' },
    });
    expect(drafted.status).toBe(201);
    const claimId = drafted.json<{ id: string }>().id;
    const submitted = await enterprise.post(`/api/v1/claims/${claimId}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'submitted', reservedFen: '24000000' });
    expect(await balances(enterprise)).toEqual({
      committedFen: '1000000',
      inFlightFen: '24000000',
      settledFen: '0',
    });
    expect(await budget(auditor)).toMatchObject({
      committedFen: '1000000',
      inFlightFen: '24000000',
      settledFen: '0',
    });

    // Evidence: invoice ¥700,000 (20-digit 全电发票 number), payment ¥700,000, delivery acceptance.
    const invoice = await upload(
      enterprise,
      claimId,
      'kind=invoice&filename=invoice.pdf&invoiceNumber=26330000000012345678&amountFen=70000000',
      'invoice',
    );
    expect(invoice.status).toBe(201);
    expect(invoice.json<{ sizeBytes: number }>().sizeBytes).toBeGreaterThan(0);
    expect(
      (
        await upload(
          enterprise,
          claimId,
          'kind=payment&filename=bank.pdf&amountFen=70000000',
          'bank slip',
        )
      ).status,
    ).toBe(201);
    // Files up to 10 MiB: an 11 MiB scan is refused before it is read, a 3 MiB one is stored.
    const huge = await upload(
      enterprise,
      claimId,
      'kind=delivery&filename=scan.pdf',
      'x'.repeat(11 * 1024 * 1024),
    );
    expect(huge.errorCode).toBe('PAYLOAD_TOO_LARGE');
    const delivery = await upload(
      enterprise,
      claimId,
      'kind=delivery&filename=acceptance.pdf',
      'a'.repeat(3 * 1024 * 1024),
    );
    expect(delivery.status, delivery.text.slice(0, 300)).toBe(201);
    expect(delivery.json<{ sizeBytes: number }>().sizeBytes).toBeGreaterThan(3 * 1024 * 1024);
    const complete = await enterprise.get(`/api/v1/claims/${claimId}`);
    expect(complete.json()).toMatchObject({
      state: 'evidence_complete',
      invoiceNumber: '26330000000012345678',
    });
    expect(complete.json<{ attachments: unknown[] }>().attachments).toHaveLength(3);

    // Redemption on the final ¥700,000: 30 % = ¥210,000 settled; ¥30,000 back to the grant.
    const redeemKey = `redeem-${claimId}`;
    const redeemed = await reviewer.post(`/api/v1/claims/${claimId}/redeem`, undefined, {
      idempotencyKey: redeemKey,
    });
    expect(redeemed.status).toBe(200);
    expect(redeemed.json()).toMatchObject({ state: 'redeemed', redeemedFen: '21000000' });
    // A retried request (same Idempotency-Key) gets the stored answer and moves nothing; a new
    // request for the same redemption is refused by the state machine.
    const transfersBefore = await h.db.query('select count(*)::int8 as n from ledger_transfers');
    const replay = await reviewer.post(`/api/v1/claims/${claimId}/redeem`, undefined, {
      idempotencyKey: redeemKey,
    });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await reviewer.post(`/api/v1/claims/${claimId}/redeem`)).errorCode).toBe(
      'INVALID_STATE_TRANSITION',
    );
    expect(await h.db.query('select count(*)::int8 as n from ledger_transfers')).toEqual(
      transfersBefore,
    );
    expect(await balances(enterprise)).toEqual({
      committedFen: '4000000',
      inFlightFen: '0',
      settledFen: '21000000',
    });
    expect(await budget(auditor)).toMatchObject({
      remainingFen: (BUDGET_FEN - 25_000_000n).toString(),
      committedFen: '4000000',
      inFlightFen: '0',
      settledFen: '21000000',
      paidOutFen: '0',
    });

    // Payout waits for the recipient list (公示) and its objection window.
    const early = await operator.post(`/api/v1/claims/${claimId}/payout`);
    expect(early.errorCode).toBe('PUBLICATION_PENDING');
    const payDay = await publishRecipients(
      h.db,
      PROGRAM,
      '2026-03',
      '2026-03-03',
      h.tenants.operatorA.id,
    );
    h.clock.advanceSeconds(Math.ceil((payDay.getTime() - h.clock.now().getTime()) / 1000));
    await h.relogin();
    const paid = await h.as('operator-admin@A').post(`/api/v1/claims/${claimId}/payout`);
    expect(paid.status).toBe(200);
    expect(paid.json()).toMatchObject({ state: 'paid', paidFen: '21000000' });
    expect(await balances(h.as('enterprise-admin@A'))).toEqual({
      committedFen: '4000000',
      inFlightFen: '0',
      settledFen: '21000000',
    });
    expect(await budget(h.as('auditor@A'))).toMatchObject({
      settledFen: '21000000',
      paidOutFen: '21000000',
    });

    const history = await h.as('enterprise-admin@A').get(`/api/v1/claims/${claimId}`);
    expect(
      history.json<{ transitions: { action: string }[] }>().transitions.map((t) => t.action),
    ).toEqual(['create', 'submit', 'complete_evidence', 'redeem', 'pay']);
    // The expiry job's warnings reach the enterprise: at 2026-12-02 the 30-day threshold is due.
    await listExpiryWarnings({ sql: h.db, now: new Date('2026-12-02T02:00:00Z') });
    const notices = await h
      .as('enterprise-member@A')
      .get(`/api/v1/enterprises/${enterpriseId}/notifications`);
    expect(notices.json<{ items: { grantId: string; thresholdDays: number }[] }>().items).toEqual([
      expect.objectContaining({ grantId, thresholdDays: 30 }),
    ]);
    expect(
      (await h.as('enterprise-admin@B').get(`/api/v1/enterprises/${enterpriseId}/notifications`))
        .errorCode,
    ).toBe('NOT_FOUND');
    expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
    expect(await verifyAuditLog({ db: h.db })).toMatchObject({ ok: true });
  });

  it('returns an application for changes; the enterprise edits and resubmits; the reviewer approves', async () => {
    const enterprise = h.as('enterprise-admin@A');
    const reviewer = h.as('reviewer@A');
    const created = await enterprise.post('/api/v1/applications', {
      programId: PROGRAM,
      plannedPurchase: { kind: 'compute', amountFen: '100000000', chipOrigin: 'imported' },
      purpose: 'imported GPUs',
      submit: true,
    });
    // Imported compute: 20 % of ¥1,000,000 = ¥200,000.
    expect(created.json()).toMatchObject({
      state: 'submitted',
      estimatedFen: '20000000',
      requestedFen: '20000000',
    });
    const { id } = created.json<{ id: string }>();
    const returned = await reviewer.post(`/api/v1/applications/${id}/review`, {
      decision: 'return',
      reason: '请改用国产算力',
    });
    expect(returned.json()).toMatchObject({ state: 'returned', decisionReason: '请改用国产算力' });
    const edited = await enterprise.patch(`/api/v1/applications/${id}`, {
      plannedPurchase: { kind: 'compute', amountFen: '100000000', chipOrigin: 'domestic' },
      requestedFen: '30000000',
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json()).toMatchObject({
      state: 'draft',
      estimatedFen: '30000000',
      requestedFen: '30000000',
    });
    expect((await enterprise.post(`/api/v1/applications/${id}/submit`)).json()).toMatchObject({
      state: 'submitted',
    });
    const approved = await reviewer.post(`/api/v1/applications/${id}/review`, {
      decision: 'approve',
      amountFen: '30000000',
      expiresOn: '2026-12-31',
    });
    expect(approved.json()).toMatchObject({ state: 'approved', approvedFen: '30000000' });
    const detail = await enterprise.get(`/api/v1/applications/${id}`);
    expect(
      detail.json<{ transitions: { action: string }[] }>().transitions.map((t) => t.action),
    ).toEqual(['create', 'submit', 'return', 'edit', 'submit', 'approve']);
    // Approved: no more edits.
    expect(
      (await enterprise.patch(`/api/v1/applications/${id}`, { purpose: 'late' })).errorCode,
    ).toBe('INVALID_STATE_TRANSITION');
  });

  it('keeps another enterprise out and refuses bad input without writing', async () => {
    const other = h.as('enterprise-admin@B');
    const list = await other.get('/api/v1/claims');
    expect(list.status).toBe(200);
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
    const mine = await h.as('enterprise-admin@A').get('/api/v1/claims');
    const [claim] = mine.json<{ items: { id: string }[] }>().items;
    expect(claim).toBeDefined();
    expect((await other.get(`/api/v1/claims/${claim?.id ?? ''}`)).errorCode).toBe('NOT_FOUND');
    // The provider of the contract sees the claim it will be paid for; another provider does not.
    const provider = await h.as('provider-admin@A').get('/api/v1/claims');
    expect(provider.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toContain(
      claim?.id,
    );
    expect((await h.as('provider-admin@A').get(`/api/v1/claims/${claim?.id ?? ''}`)).status).toBe(
      200,
    );
    expect(
      (await h.as('provider-admin@B').get(`/api/v1/claims/${claim?.id ?? ''}`)).errorCode,
    ).toBe('NOT_FOUND');
    expect(
      (await h.as('provider-admin@B').get('/api/v1/claims')).json<{ items: unknown[] }>().items,
    ).toEqual([]);
    const bad = await h.as('enterprise-admin@A').post('/api/v1/applications', {
      programId: PROGRAM,
      plannedPurchase: { kind: 'compute', amountFen: '-5' },
      purpose: 'x',
    });
    expect(bad.errorCode).toBe('VALIDATION_FAILED');
  });
});
