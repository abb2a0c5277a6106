import { hangzhouProgramYaml } from './support/catalog-fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness, type ApiResponse } from './support/api-harness.ts';
import { ensureEnterprise, ensureProvider } from './support/matrix-entries/parties.ts';
import { freshUscc } from './support/uscc.ts';

/**
 * Calendar dates at the HTTP boundary (issue 12, defects 2 and 3): every date is a day that
 * exists or a 400 naming the field; a grant's expiry is today or later and within its longest
 * life (the end of the year after the year it is issued); a claim's contract is signed by the
 * claim date and its term is possible. A refused request changes nothing. The harness's clock
 * reads 2026-03-02T09:00Z (17:00 in Shanghai).
 */

const PROGRAM = 'hangzhou-city-compute';

let h: ApiHarness;
let providerId: string;
let grantId: string;

/** Rows and ledger totals a refused request must leave as they were. */
async function fingerprint(): Promise<string> {
  const [row] = await h.db.query<Record<string, bigint>>(
    `select (select count(*) from voucher_claims)::int8 as claims,
            (select count(*) from voucher_grants)::int8 as grants,
            (select count(*) from voucher_transitions)::int8 as transitions,
            (select count(*) from ledger_transfers)::int8 as transfers,
            (select coalesce(sum(debits_pending + credits_pending), 0) from ledger_accounts)::int8 as pending`,
  );
  return JSON.stringify(row, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

async function submittedApplication(): Promise<string> {
  const applied = await h.as('enterprise-admin@A').post('/api/v1/applications', {
    programId: PROGRAM,
    plannedPurchase: { kind: 'compute', amountFen: '10000000', chipOrigin: 'domestic' },
    requestedFen: '1000000',
    purpose: '日历日期测试',
    submit: true,
  });
  expect(applied.status, applied.text).toBe(201);
  return applied.json<{ id: string }>().id;
}

function approve(applicationId: string, expiresOn: string): Promise<ApiResponse> {
  return h.as('reviewer@A').post(`/api/v1/applications/${applicationId}/review`, {
    decision: 'approve',
    amountFen: '1000000',
    expiresOn,
  });
}

function draftClaim(contractId: string, fields: Record<string, unknown>): Promise<ApiResponse> {
  const { purchase, ...rest } = fields;
  return h.as('enterprise-admin@A').post('/api/v1/claims', {
    grantId,
    providerId,
    contractId,
    contractSignedOn: '2026-03-01',
    contractAmountFen: '100000000',
    ...rest,
    purchase: {
      kind: 'compute',
      amountFen: '10000000',
      chipOrigin: 'domestic',
      ...(purchase as object | undefined),
    },
  });
}

function expectRefusal(response: ApiResponse, status: number, code: string, field: string): void {
  expect(response.status, response.text).toBe(status);
  expect(response.errorCode, response.text).toBe(code);
  expect(response.json<{ error: { details: { field?: string } } }>().error.details.field).toBe(
    field,
  );
}

beforeAll(async () => {
  h = await createApiHarness();
  await ensureEnterprise(h, h.tenants.enterpriseA);
  providerId = await ensureProvider(h, h.tenants.providerA);
  const yaml = hangzhouProgramYaml({ version: 2 });
  const published = await h.as('operator-admin@A').post('/api/v1/programs/versions', { yaml });
  expect(published.status, published.text).toBe(201);
  const approved = await approve(await submittedApplication(), '2026-12-31');
  expect(approved.status, approved.text).toBe(200);
  grantId = approved.json<{ grantId: string }>().grantId;
});
afterAll(async () => {
  await h.close();
});

describe('a grant’s expiry date (review)', () => {
  it('refuses a day that does not exist with a 400 naming expiresOn, and changes nothing', async () => {
    const applicationId = await submittedApplication();
    const before = await fingerprint();
    for (const expiresOn of ['2027-02-30', '2027-02-29', '2026-13-01', '0000-12-31']) {
      expectRefusal(await approve(applicationId, expiresOn), 400, 'VALIDATION_FAILED', 'expiresOn');
    }
    expect(await fingerprint()).toBe(before);
    const application = await h.as('reviewer@A').get(`/api/v1/applications/${applicationId}`);
    expect(application.json()).toMatchObject({ state: 'submitted', grantId: null });
  });

  it('grants to the end of next year: 2027-12-31 is accepted and lasts all that day', async () => {
    const approved = await approve(await submittedApplication(), '2027-12-31');
    expect(approved.status, approved.text).toBe(200);
    const grant = await h
      .as('enterprise-admin@A')
      .get(`/api/v1/grants/${approved.json<{ grantId: string }>().grantId}`);
    expect(grant.status, grant.text).toBe(200);
    expect(grant.json()).toMatchObject({
      state: 'active',
      expiresAt: '2027-12-31T15:59:59.999Z',
    });
  });

  it('refuses a longer life with GRANT_LIFETIME_TOO_LONG, naming the last day allowed', async () => {
    const applicationId = await submittedApplication();
    const before = await fingerprint();
    for (const expiresOn of ['2028-01-01', '9999-12-31']) {
      const refused = await approve(applicationId, expiresOn);
      expectRefusal(refused, 422, 'GRANT_LIFETIME_TOO_LONG', 'expiresOn');
      expect(refused.text).toContain('2027-12-31');
      expect(refused.text).not.toMatch(/future|timeout/i);
    }
    expect(await fingerprint()).toBe(before);
  });

  it('says a day before today is in the past; today itself is accepted', async () => {
    const applicationId = await submittedApplication();
    const refused = await approve(applicationId, '2026-03-01');
    expectRefusal(refused, 400, 'VALIDATION_FAILED', 'expiresOn');
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/in the past/);
    const approved = await approve(applicationId, '2026-03-02');
    expect(approved.status, approved.text).toBe(200);
  });
});

describe('a claim’s contract dates', () => {
  it('refuses a signing day that does not exist with a 400 naming contractSignedOn', async () => {
    const before = await fingerprint();
    for (const contractSignedOn of ['2026-02-31', '2025-02-29', '2026-00-10', '10000-01-01']) {
      expectRefusal(
        await draftClaim('CAL-BAD-DAY', { contractSignedOn }),
        400,
        'VALIDATION_FAILED',
        'contractSignedOn',
      );
    }
    expect(await fingerprint()).toBe(before);
  });

  it('refuses a contract signed after the claim date, and reserves nothing', async () => {
    const before = await fingerprint();
    for (const contractSignedOn of ['2099-01-01', '2026-03-03']) {
      expectRefusal(
        await draftClaim('CAL-FUTURE', { contractSignedOn }),
        422,
        'CONTRACT_DATE_AFTER_CLAIM',
        'contractSignedOn',
      );
    }
    expect(await fingerprint()).toBe(before);
    // Signed today (Shanghai) is fine.
    const today = await draftClaim('CAL-TODAY', { contractSignedOn: '2026-03-02' });
    expect(today.status, today.text).toBe(201);
  });

  it('refuses a term that ends before it starts or before the signing, or overstates its months', async () => {
    const before = await fingerprint();
    expectRefusal(
      await draftClaim('CAL-TERM-1', {
        purchase: { contractStartsOn: '2026-06-01', contractEndsOn: '2026-05-31' },
      }),
      422,
      'CONTRACT_TERM_INVALID',
      'purchase.contractEndsOn',
    );
    expectRefusal(
      await draftClaim('CAL-TERM-2', { purchase: { contractEndsOn: '2026-02-28' } }),
      422,
      'CONTRACT_TERM_INVALID',
      'purchase.contractEndsOn',
    );
    expectRefusal(
      await draftClaim('CAL-TERM-3', {
        purchase: {
          contractStartsOn: '2026-03-01',
          contractEndsOn: '2027-02-28',
          contractTermMonths: 36,
        },
      }),
      422,
      'CONTRACT_TERM_INVALID',
      'purchase.contractTermMonths',
    );
    expectRefusal(
      await draftClaim('CAL-TERM-4', { purchase: { contractEndsOn: '2027-02-29' } }),
      400,
      'VALIDATION_FAILED',
      'purchase.contractEndsOn',
    );
    expect(await fingerprint()).toBe(before);
  });

  it('keeps a possible term on the claim and submits it', async () => {
    const drafted = await draftClaim('CAL-TERM-OK', {
      purchase: {
        contractStartsOn: '2026-03-01',
        contractEndsOn: '2027-02-28',
        contractTermMonths: 12,
      },
    });
    expect(drafted.status, drafted.text).toBe(201);
    const claim = drafted.json<{ id: string; purchase: Record<string, unknown> }>();
    expect(claim.purchase).toMatchObject({
      contractStartsOn: '2026-03-01',
      contractEndsOn: '2027-02-28',
      contractTermMonths: 12,
    });
    const submitted = await h.as('enterprise-admin@A').post(`/api/v1/claims/${claim.id}/submit`);
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.json()).toMatchObject({ state: 'submitted' });
  });
});

describe('dates at the other boundaries', () => {
  it('refuses a day that does not exist in program queries and the calculator', async () => {
    expectRefusal(
      await h.as('anonymous').get('/api/v1/programs?date=2026-02-30'),
      400,
      'VALIDATION_FAILED',
      'date',
    );
    const calculated = await h.as('anonymous').post(
      '/api/v1/programs/calculate',
      {
        programId: PROGRAM,
        enterprise: { id: 'e-1', usccRegionCode: '330106', size: 'small', foundedOn: '2021-05-01' },
        purchase: {
          kind: 'compute',
          amountFen: '10000000',
          contractId: 'c-1',
          contractAmountFen: '10000000',
          contractSignedOn: '2026-02-01',
          providerId: 'p-1',
          chipOrigin: 'domestic',
          date: '2026-02-29',
        },
      },
      { idempotencyKey: null },
    );
    expectRefusal(calculated, 400, 'VALIDATION_FAILED', 'purchase.date');
  });

  it('refuses an enterprise founded on a day that does not exist', async () => {
    const registered = await h.as('operator-admin@A').post('/api/v1/enterprises', {
      uscc: freshUscc('330106'),
      name: '日历测试科技',
      size: 'small',
      foundedOn: '2023-02-29',
    });
    expect(registered.status, registered.text).toBe(400);
    expect(registered.errorCode).toBe('VALIDATION_FAILED');
    expect(registered.text).toContain('foundedOn');
  });

  it('describes every date in the OpenAPI document as a string of format date', async () => {
    const doc = (await h.as('anonymous').get('/api/openapi.json')).json<{
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      paths: Record<string, Record<string, { parameters?: { name: string; schema: unknown }[] }>>;
    }>();
    const date = { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    const claim = doc.components.schemas.CreateClaim?.properties ?? {};
    expect(claim.contractSignedOn).toMatchObject(date);
    expect(claim.purchase).toMatchObject({
      properties: { contractStartsOn: date, contractEndsOn: date },
    });
    const dateQuery = doc.paths['/api/v1/programs']?.get?.parameters?.find(
      (parameter) => parameter.name === 'date',
    );
    expect(dateQuery?.schema).toMatchObject(date);
  });
});
