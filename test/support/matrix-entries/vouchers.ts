/** Matrix entries of the voucher routes: applications, grants, claims, balances, budget. */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Tenant } from '../../../src/services/access/index.ts';
import { getVersionInForce, publishProgramVersion } from '../../../src/services/programs/index.ts';
import {
  closePublication,
  createPublication,
  publishPublication,
} from '../../../src/services/publication/index.ts';
import {
  activateProgram,
  addClaimAttachment,
  createApplication,
  createClaim,
  redeemClaim,
  reviewApplication,
  submitApplication,
  submitClaim,
  type VoucherActor,
} from '../../../src/services/vouchers/index.ts';
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';
import { ensureEnterprise, ensureProvider } from './parties.ts';

const operatorStaff = ['operator-admin', 'reviewer', 'auditor'] as const;
const enterpriseUsers = ['enterprise-admin', 'enterprise-member'] as const;
const readers = [...operatorStaff, ...enterpriseUsers] as const;
const deciders = ['operator-admin', 'reviewer'] as const;

/** Hangzhou's rules, in force in the harness's year, under an id of its own. */
export const MATRIX_PROGRAM = 'matrix-hangzhou-vouchers';
const system: VoucherActor = { userId: null, tenantId: null, via: 'system', requestId: null };

async function ensureProgram(h: ApiHarness): Promise<void> {
  const text = readFileSync(
    new URL('../../../programs/hangzhou-city-compute.v1.yaml', import.meta.url),
    'utf8',
  );
  const year = h.clock.now().getUTCFullYear();
  const yamlText = text
    .replace(/^id: .*$/mu, `id: ${MATRIX_PROGRAM}`)
    .replace(/^fiscalYear: \d+$/mu, `fiscalYear: ${year}`)
    .replace(/^effectiveFrom: .*$/mu, `effectiveFrom: "${year}-01-01"`)
    .replace(/^effectiveTo: .*$/mu, `effectiveTo: "${year}-12-31"`);
  await publishProgramVersion({ sql: h.db, yamlText, publishedBy: 'matrix', now: h.clock.now() });
  // Owned by operator B: the exports' matrix entries check that operator A never sees B's
  // programs, and these entries' claims belong to enterprises A and B.
  const { definition } = await getVersionInForce({
    sql: h.db,
    programId: MATRIX_PROGRAM,
    date: h.clock.now().toISOString().slice(0, 10),
  });
  await activateProgram({
    sql: h.db,
    program: definition,
    operatorTenantId: h.tenants.operatorB.id,
    now: h.clock.now(),
  });
}

type ApplicationStage = 'draft' | 'submitted' | 'approved';
type ClaimStage = 'draft' | 'submitted' | 'evidence_complete' | 'redeemed' | 'published';

/** An application of `tenant` (made an enterprise) in `stage`; returns its id and grant id. */
async function makeApplication(
  h: ApiHarness,
  tenant: Tenant,
  stage: ApplicationStage,
): Promise<{ applicationId: string; grantId: string | null }> {
  await ensureProgram(h);
  const enterpriseId = await ensureEnterprise(h, tenant);
  const actor = { ...system, tenantId: enterpriseId };
  const now = h.clock.now();
  const application = await createApplication({
    db: h.db,
    programId: MATRIX_PROGRAM,
    enterpriseId,
    plannedPurchase: {
      kind: 'compute',
      amountFen: 10_000_000n,
      contractAmountFen: 100_000_000n,
      chipOrigin: 'domestic',
    },
    purpose: 'matrix',
    actor,
    now,
  });
  if (stage === 'draft') return { applicationId: application.id, grantId: null };
  await submitApplication({ db: h.db, applicationId: application.id, actor, now });
  if (stage === 'submitted') return { applicationId: application.id, grantId: null };
  const { grant } = await reviewApplication({
    db: h.db,
    applicationId: application.id,
    decision: {
      decision: 'approve',
      amountFen: 3_000_000n,
      expiresOn: `${now.getUTCFullYear()}-12-31`,
    },
    actor: system,
    now,
  });
  return { applicationId: application.id, grantId: grant?.id ?? null };
}

const invoiceNumber = (): string => Array.from({ length: 20 }, () => randomInt(10)).join('');
const pdf = (text: string): Uint8Array => new TextEncoder().encode(`%PDF-1.7\n${text}`);

/** A claim of `tenant` in `stage` ('published': redeemed and on a closed 公示 list, ready to pay). */
async function makeClaim(h: ApiHarness, tenant: Tenant, stage: ClaimStage): Promise<string> {
  const { grantId } = await makeApplication(h, tenant, 'approved');
  if (grantId === null) throw new Error('no grant');
  const enterpriseId = tenant.id;
  // Provider B: the matrix calls as provider A, whose exports must not show these claims.
  const providerId = await ensureProvider(h, h.tenants.providerB);
  const actor = { ...system, tenantId: enterpriseId };
  const now = h.clock.now();
  const claim = await createClaim({
    db: h.db,
    grantId,
    enterpriseId,
    providerId,
    contractId: `M-${grantId}`,
    contractSignedOn: now.toISOString().slice(0, 10),
    contractAmountFen: 100_000_000n,
    purchase: { kind: 'compute', amountFen: 10_000_000n, chipOrigin: 'domestic' },
    actor,
    now,
  });
  if (stage === 'draft') return claim.id;
  await submitClaim({ db: h.db, claimId: claim.id, enterpriseId, actor, now });
  if (stage === 'submitted') return claim.id;
  const attach = (kind: string, extra: { invoiceNumber?: string; amountFen?: bigint }) =>
    addClaimAttachment({
      db: h.db,
      claimId: claim.id,
      enterpriseId,
      attachment: {
        kind,
        filename: `${kind}.pdf`,
        contentType: 'application/pdf',
        bytes: pdf(kind),
        ...extra,
      },
      actor,
      now,
    });
  await attach('invoice', { invoiceNumber: invoiceNumber(), amountFen: 10_000_000n });
  await attach('payment', { amountFen: 10_000_000n });
  await attach('delivery', {});
  if (stage === 'evidence_complete') return claim.id;
  await redeemClaim({ db: h.db, claimId: claim.id, actor: system, now });
  if (stage === 'redeemed') return claim.id;
  const operatorTenant = h.tenants.operatorB;
  const publisher = {
    userId: null,
    tenantId: operatorTenant.id,
    via: 'system' as const,
    requestId: null,
  };
  const period = now.toISOString().slice(0, 7);
  const publication = await createPublication({
    db: h.db,
    programId: MATRIX_PROGRAM,
    period,
    title: 'matrix',
    objectionWindowDays: 1,
    actor: publisher,
    now,
  });
  await publishPublication({ db: h.db, publicationId: publication.id, actor: publisher, now });
  const later = new Date(now.getTime() + 2 * 86_400_000);
  await closePublication({ db: h.db, publicationId: publication.id, actor: publisher, now: later });
  return claim.id;
}

/**
 * Whether the case's caller may succeed (so the data it changes must be fresh). Refused callers
 * reuse one entity per tenant and stage: the request is refused before it touches the data.
 */
function allowedCaller(c: MatrixCase, allowed: readonly string[]): boolean {
  if (c.actor === 'anonymous') return false;
  return allowed.includes(c.actor.slice(0, c.actor.indexOf('@')));
}

const cache = new Map<string, Promise<string>>();
function cached(key: string, make: () => Promise<string>): Promise<string> {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

/** An application id in the addressed enterprise tenant (fresh when the caller may change it). */
async function applicationFor(
  c: MatrixCase,
  stage: ApplicationStage,
  allowed: readonly string[],
): Promise<string> {
  const tenant = c.tenantOf('enterprise');
  const make = async () => (await makeApplication(c.h, tenant, stage)).applicationId;
  const id = allowedCaller(c, allowed)
    ? await make()
    : await cached(`a:${tenant.id}:${stage}`, make);
  c.mark(tenant, id);
  return id;
}

async function grantFor(c: MatrixCase, allowed: readonly string[]): Promise<string> {
  const tenant = c.tenantOf('enterprise');
  const make = async () => {
    const { grantId } = await makeApplication(c.h, tenant, 'approved');
    if (grantId === null) throw new Error('no grant');
    return grantId;
  };
  const id = allowedCaller(c, allowed) ? await make() : await cached(`g:${tenant.id}`, make);
  c.mark(tenant, id);
  return id;
}

async function claimFor(
  c: MatrixCase,
  stage: ClaimStage,
  allowed: readonly string[],
): Promise<string> {
  const tenant = c.tenantOf('enterprise');
  const make = () => makeClaim(c.h, tenant, stage);
  const id = allowedCaller(c, allowed)
    ? await make()
    : await cached(`c:${tenant.id}:${stage}`, make);
  c.mark(tenant, id);
  return id;
}

/** Reads need data to exist, never fresh data. */
const existing = [] as const;

export const vouchersMatrixEntries: MatrixEntries = {
  'POST /api/v1/applications': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) => {
      // The caller applies for its own enterprise: make both harness enterprises parties first.
      await ensureProgram(c.h);
      await ensureEnterprise(c.h, c.h.tenants.enterpriseA);
      await ensureEnterprise(c.h, c.h.tenants.enterpriseB);
      return c.client.post('/api/v1/applications', {
        programId: MATRIX_PROGRAM,
        plannedPurchase: { kind: 'compute', amountFen: '10000000', chipOrigin: 'domestic' },
        purpose: `matrix ${c.unique()}`,
      });
    },
  },
  'GET /api/v1/applications': {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) => {
      await applicationFor(c, 'draft', existing);
      return c.client.get(
        `/api/v1/applications?enterpriseId=${c.tenantOf('enterprise').id}&limit=200`,
      );
    },
  },
  'GET /api/v1/applications/{id}': {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.get(`/api/v1/applications/${await applicationFor(c, 'draft', existing)}`),
  },
  'PATCH /api/v1/applications/{id}': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    request: async (c) =>
      c.client.patch(`/api/v1/applications/${await applicationFor(c, 'draft', enterpriseUsers)}`, {
        purpose: `changed ${c.unique()}`,
      }),
  },
  'POST /api/v1/applications/{id}/submit': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    request: async (c) =>
      c.client.post(
        `/api/v1/applications/${await applicationFor(c, 'draft', enterpriseUsers)}/submit`,
      ),
  },
  'POST /api/v1/applications/{id}/withdraw': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    request: async (c) =>
      c.client.post(
        `/api/v1/applications/${await applicationFor(c, 'draft', enterpriseUsers)}/withdraw`,
        {},
      ),
  },
  'POST /api/v1/applications/{id}/review': {
    allowed: deciders,
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.post(
        `/api/v1/applications/${await applicationFor(c, 'submitted', deciders)}/review`,
        {
          decision: 'return',
          reason: 'please attach the contract draft',
        },
      ),
  },
  'GET /api/v1/grants': {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) => {
      await grantFor(c, existing);
      return c.client.get(`/api/v1/grants?enterpriseId=${c.tenantOf('enterprise').id}&limit=200`);
    },
  },
  'GET /api/v1/grants/{id}': {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) => c.client.get(`/api/v1/grants/${await grantFor(c, existing)}`),
  },
  'POST /api/v1/grants/{id}/void': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.post(`/api/v1/grants/${await grantFor(c, ['operator-admin'])}/void`, {
        reason: 'matrix',
      }),
  },
  'GET /api/v1/enterprises/{id}/balances': {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) => {
      await grantFor(c, existing);
      return c.client.get(`/api/v1/enterprises/${c.tenantOf('enterprise').id}/balances`);
    },
  },
  'GET /api/v1/enterprises/{id}/notifications': {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) => {
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.get(`/api/v1/enterprises/${id}/notifications`);
    },
  },
  'GET /api/v1/programs/{id}/budget': {
    allowed: operatorStaff,
    otherTenant: 'any',
    request: async (c) => {
      await cached(
        'program-activated',
        async () => (await makeApplication(c.h, c.h.tenants.enterpriseA, 'draft')).applicationId,
      );
      return c.client.get(`/api/v1/programs/${MATRIX_PROGRAM}/budget`);
    },
  },
  'POST /api/v1/enterprises/{id}/blacklist': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      // Barred from a program of its own so the other entries' data stays usable.
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.post(`/api/v1/enterprises/${id}/blacklist`, {
        programId: 'matrix-blacklist-only',
        reason: 'matrix',
      });
    },
  },
  'POST /api/v1/claims': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) => {
      const grantId = await grantFor(c, enterpriseUsers);
      const providerId = await ensureProvider(c.h, c.h.tenants.providerB);
      return c.client.post('/api/v1/claims', {
        grantId,
        providerId,
        contractId: `M-${c.unique()}`,
        contractSignedOn: c.h.clock.now().toISOString().slice(0, 10),
        contractAmountFen: '100000000',
        purchase: { kind: 'compute', amountFen: '10000000', chipOrigin: 'domestic' },
      });
    },
  },
  'GET /api/v1/claims': {
    allowed: [...readers, 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c) => {
      await claimFor(c, 'draft', existing);
      return c.client.get(`/api/v1/claims?enterpriseId=${c.tenantOf('enterprise').id}&limit=200`);
    },
  },
  'GET /api/v1/claims/{id}': {
    allowed: [...readers, 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c) => c.client.get(`/api/v1/claims/${await claimFor(c, 'draft', existing)}`),
  },
  'POST /api/v1/claims/{id}/attachments': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) => {
      const id = await claimFor(c, 'draft', enterpriseUsers);
      return c.client.post(
        `/api/v1/claims/${id}/attachments?kind=delivery&filename=d.pdf`,
        undefined,
        {
          rawBody: `%PDF-1.7\n${c.unique()}`,
          headers: { 'content-type': 'application/pdf' },
        },
      );
    },
  },
  'POST /api/v1/claims/{id}/submit': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    request: async (c) =>
      c.client.post(`/api/v1/claims/${await claimFor(c, 'draft', enterpriseUsers)}/submit`),
  },
  'POST /api/v1/claims/{id}/redeem': {
    allowed: deciders,
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.post(`/api/v1/claims/${await claimFor(c, 'evidence_complete', deciders)}/redeem`),
  },
  'POST /api/v1/claims/{id}/reject': {
    allowed: deciders,
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.post(`/api/v1/claims/${await claimFor(c, 'submitted', deciders)}/reject`, {
        reason: 'matrix',
      }),
  },
  'POST /api/v1/claims/{id}/payout': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: async (c) => {
      const id = await claimFor(c, 'published', ['operator-admin']);
      return c.client.post(`/api/v1/claims/${id}/payout`);
    },
  },
  'POST /api/v1/claims/{id}/clawback': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.post(
        `/api/v1/claims/${await claimFor(c, 'redeemed', ['operator-admin'])}/clawback`,
        {
          penaltyMultipleBps: 10000,
          reason: 'matrix',
        },
      ),
  },
};
