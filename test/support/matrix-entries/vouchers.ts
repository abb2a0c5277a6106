/** Matrix entries of the voucher routes: applications, grants, claims, balances, budget. */
import { hangzhouProgramYaml } from '../catalog-fixtures.ts';
import { randomInt } from 'node:crypto';
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
  addApplicationAttachment,
  createApplication,
  createClaim,
  listExpiryWarnings,
  redeemClaim,
  reviewApplication,
  submitApplication,
  submitClaim,
  systemActor,
  type Actor,
} from '../../../src/services/vouchers/index.ts';
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';
import { ensureEnterprise, ensureProvider } from './parties.ts';

const operatorStaff = ['operator-admin', 'reviewer', 'auditor'] as const;
const enterpriseUsers = ['enterprise-admin', 'enterprise-member'] as const;
const readers = [...operatorStaff, ...enterpriseUsers] as const;
const deciders = ['operator-admin', 'reviewer'] as const;

/** Hangzhou's rules, in force in the harness's year, under an id of its own (operator B's). */
export const MATRIX_PROGRAM = 'matrix-hangzhou-vouchers';
const system: Actor = systemActor;

/**
 * The voucher program of operator tenant `owner`: operator B's is MATRIX_PROGRAM, operator A's
 * a copy. `purpose` 'blacklist': a program only the blacklist entry uses (a barred enterprise
 * could not apply in the others).
 */
function programIdOf(h: ApiHarness, owner: Tenant, purpose: 'vouchers' | 'blacklist'): string {
  const base = purpose === 'blacklist' ? 'matrix-blacklist' : MATRIX_PROGRAM;
  return owner.id === h.tenants.operatorB.id && purpose === 'vouchers'
    ? base
    : `${base}-${owner.id}`;
}

const programs = new Map<string, Promise<string>>();

/** Publishes and opens for vouchers the program of `owner` (once); returns its id. */
function ensureProgram(
  h: ApiHarness,
  owner: Tenant,
  purpose: 'vouchers' | 'blacklist' = 'vouchers',
): Promise<string> {
  const programId = programIdOf(h, owner, purpose);
  let made = programs.get(programId);
  if (!made) {
    made = makeProgram(h, programId, owner);
    programs.set(programId, made);
  }
  return made;
}

async function makeProgram(h: ApiHarness, programId: string, owner: Tenant): Promise<string> {
  const yamlText = hangzhouProgramYaml({ id: programId, year: h.clock.now().getUTCFullYear() });
  await publishProgramVersion({ sql: h.db, yamlText, publishedBy: 'matrix', now: h.clock.now() });
  // Operator B's program holds the data of enterprise and operator-less callers: the exports'
  // matrix entries check that operator A never sees B's programs.
  const { definition } = await getVersionInForce({
    sql: h.db,
    programId,
    date: h.clock.now().toISOString().slice(0, 10),
  });
  await activateProgram({
    sql: h.db,
    program: definition,
    operatorTenantId: owner.id,
    now: h.clock.now(),
  });
  return programId;
}

/**
 * The operator tenant whose program a case's data lives under: for operator staff the
 * addressed operator tenant (their own, or another one), for everyone else operator B.
 * Only operator callers ask `tenantOf('operator')`, so other callers' cases stay own-tenant.
 */
function ownerOf(c: MatrixCase): Tenant {
  return c.actorKind === 'operator' ? c.tenantOf('operator') : c.h.tenants.operatorB;
}

type ApplicationStage = 'draft' | 'submitted' | 'approved';
type ClaimStage = 'draft' | 'submitted' | 'evidence_complete' | 'redeemed' | 'published';

/**
 * An application of `tenant` (made an enterprise) under operator `owner`'s program in `stage`;
 * returns its id and grant id.
 */
async function makeApplication(
  h: ApiHarness,
  tenant: Tenant,
  owner: Tenant,
  stage: ApplicationStage,
): Promise<{ applicationId: string; grantId: string | null }> {
  const programId = await ensureProgram(h, owner);
  const enterpriseId = await ensureEnterprise(h, tenant);
  const actor = { ...system, tenantId: enterpriseId };
  const now = h.clock.now();
  const application = await createApplication({
    db: h.db,
    programId,
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

/**
 * A claim of `tenant` under `owner`'s program in `stage` ('published': redeemed and on a
 * closed 公示 list, ready to pay).
 */
async function makeClaim(
  h: ApiHarness,
  tenant: Tenant,
  owner: Tenant,
  stage: ClaimStage,
): Promise<string> {
  const { grantId } = await makeApplication(h, tenant, owner, 'approved');
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
      store: h.evidenceStore,
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
  const publisher = { ...systemActor, tenantId: owner.id };
  const period = now.toISOString().slice(0, 7);
  const publication = await createPublication({
    db: h.db,
    programId: await ensureProgram(h, owner),
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
  const owner = ownerOf(c);
  const make = async () => (await makeApplication(c.h, tenant, owner, stage)).applicationId;
  const id = allowedCaller(c, allowed)
    ? await make()
    : await cached(`a:${tenant.id}:${owner.id}:${stage}`, make);
  c.mark(tenant, id);
  c.markProgram(owner, id);
  return id;
}

async function grantFor(c: MatrixCase, allowed: readonly string[]): Promise<string> {
  const tenant = c.tenantOf('enterprise');
  const owner = ownerOf(c);
  const make = async () => {
    const { grantId } = await makeApplication(c.h, tenant, owner, 'approved');
    if (grantId === null) throw new Error('no grant');
    return grantId;
  };
  const id = allowedCaller(c, allowed)
    ? await make()
    : await cached(`g:${tenant.id}:${owner.id}`, make);
  c.mark(tenant, id);
  c.markProgram(owner, id);
  return id;
}

async function claimFor(
  c: MatrixCase,
  stage: ClaimStage,
  allowed: readonly string[],
): Promise<string> {
  const tenant = c.tenantOf('enterprise');
  const owner = ownerOf(c);
  const make = () => makeClaim(c.h, tenant, owner, stage);
  const id = allowedCaller(c, allowed)
    ? await make()
    : await cached(`c:${tenant.id}:${owner.id}:${stage}`, make);
  c.mark(tenant, id);
  c.markProgram(owner, id);
  return id;
}

/**
 * The query of a list entry: the addressed enterprise under the owner's program, so another
 * operator tenant's rows would be on the page if the list were not filtered.
 */
async function listQuery(c: MatrixCase): Promise<string> {
  const programId = await ensureProgram(c.h, ownerOf(c));
  return `enterpriseId=${c.tenantOf('enterprise').id}&programId=${programId}&limit=200`;
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
      const programId = await ensureProgram(c.h, c.h.tenants.operatorB);
      await ensureEnterprise(c.h, c.h.tenants.enterpriseA);
      await ensureEnterprise(c.h, c.h.tenants.enterpriseB);
      return c.client.post('/api/v1/applications', {
        programId,
        plannedPurchase: { kind: 'compute', amountFen: '10000000', chipOrigin: 'domestic' },
        purpose: `matrix ${c.unique()}`,
      });
    },
  },
  'GET /api/v1/applications': {
    allowed: readers,
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      await applicationFor(c, 'draft', existing);
      return c.client.get(`/api/v1/applications?${await listQuery(c)}`);
    },
  },
  'GET /api/v1/applications/{id}': {
    allowed: readers,
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.get(`/api/v1/applications/${await applicationFor(c, 'draft', existing)}`),
  },
  'POST /api/v1/applications/{id}/attachments': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) => {
      const id = await applicationFor(c, 'draft', enterpriseUsers);
      return c.client.post(
        `/api/v1/applications/${id}/attachments?kind=business-plan&filename=plan.pdf`,
        undefined,
        { rawBody: `%PDF-1.7\n${c.unique()}`, headers: { 'content-type': 'application/pdf' } },
      );
    },
  },
  'GET /api/v1/applications/{id}/attachments': {
    allowed: readers,
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.get(
        `/api/v1/applications/${await applicationFor(c, 'draft', existing)}/attachments`,
      ),
  },
  'GET /api/v1/applications/{id}/attachments/{attachmentId}': {
    allowed: readers,
    otherTenant: 'program-owner',
    request: async (c) => {
      const id = await applicationFor(c, 'draft', existing);
      const fileId = await cached(`af:${id}`, async () => {
        const file = await addApplicationAttachment({
          db: c.h.db,
          store: c.h.evidenceStore,
          applicationId: id,
          attachment: {
            kind: 'quote',
            filename: 'quote.pdf',
            contentType: 'application/pdf',
            bytes: new TextEncoder().encode(`%PDF-1.7\n${id}`),
          },
          actor: systemActor,
          now: c.h.clock.now(),
        });
        return file.id;
      });
      return c.client.get(`/api/v1/applications/${id}/attachments/${fileId}`);
    },
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
    otherTenant: 'program-owner',
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
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      await grantFor(c, existing);
      return c.client.get(`/api/v1/grants?${await listQuery(c)}`);
    },
  },
  'GET /api/v1/grants/{id}': {
    allowed: readers,
    otherTenant: 'program-owner',
    request: async (c) => c.client.get(`/api/v1/grants/${await grantFor(c, existing)}`),
  },
  'POST /api/v1/grants/{id}/void': {
    allowed: ['operator-admin'],
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.post(`/api/v1/grants/${await grantFor(c, ['operator-admin'])}/void`, {
        reason: 'matrix',
      }),
  },
  'GET /api/v1/enterprises/{id}/balances': {
    allowed: readers,
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      await grantFor(c, existing);
      return c.client.get(`/api/v1/enterprises/${c.tenantOf('enterprise').id}/balances`);
    },
  },
  'GET /api/v1/enterprises/{id}/notifications': {
    allowed: readers,
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      // A grant under the owner's program with its expiry warnings (the job run at year end).
      await grantFor(c, existing);
      const yearEnd = new Date(Date.UTC(c.h.clock.now().getUTCFullYear(), 11, 25));
      await listExpiryWarnings({ sql: c.h.db, now: yearEnd });
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.get(`/api/v1/enterprises/${id}/notifications`);
    },
  },
  'GET /api/v1/programs/{id}/budget': {
    allowed: operatorStaff,
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.get(`/api/v1/programs/${await ensureProgram(c.h, ownerOf(c))}/budget`),
  },
  'GET /api/v1/voucher-programs': {
    allowed: operatorStaff,
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      // Not marked: operator B's program id is a prefix of operator A's copy, so the leak check
      // would find it in A's own list. operator-console-api.test.ts checks the filter.
      await ensureProgram(c.h, ownerOf(c));
      return c.client.get('/api/v1/voucher-programs');
    },
  },
  'GET /api/v1/programs/{id}/dashboard': {
    allowed: operatorStaff,
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.get(`/api/v1/programs/${await ensureProgram(c.h, ownerOf(c))}/dashboard`),
  },
  'GET /api/v1/ledger/verification': {
    allowed: ['operator-admin', 'auditor'],
    // The ledger is shared; each caller reconciles only its own operator tenant's programs.
    otherTenant: 'any',
    request: async (c) => {
      await ensureProgram(c.h, ownerOf(c));
      return c.client.get('/api/v1/ledger/verification');
    },
  },
  'GET /api/v1/review-queue': {
    allowed: operatorStaff,
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      await applicationFor(c, 'submitted', existing);
      const programId = await ensureProgram(c.h, ownerOf(c));
      return c.client.get(`/api/v1/review-queue?kind=application&programId=${programId}&limit=200`);
    },
  },
  'GET /api/v1/review-queue/{kind}/{id}': {
    allowed: operatorStaff,
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.get(
        `/api/v1/review-queue/application/${await applicationFor(c, 'submitted', existing)}`,
      ),
  },
  'POST /api/v1/enterprises/{id}/blacklist': {
    allowed: ['operator-admin'],
    otherTenant: 'program-owner',
    okStatus: 201,
    request: async (c) => {
      // Barred from a program of its own so the other entries' data stays usable.
      const programId = await ensureProgram(c.h, ownerOf(c), 'blacklist');
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.post(`/api/v1/enterprises/${id}/blacklist`, {
        programId,
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
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      await claimFor(c, 'draft', existing);
      return c.client.get(`/api/v1/claims?${await listQuery(c)}`);
    },
  },
  'GET /api/v1/claims/{id}': {
    allowed: [...readers, 'provider-admin'],
    otherTenant: 'program-owner',
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
  'GET /api/v1/claims/{id}/attachments': {
    allowed: [...readers, 'provider-admin'],
    otherTenant: 'program-owner',
    request: async (c) => {
      const id = await claimFor(c, 'evidence_complete', existing);
      return c.client.get(`/api/v1/claims/${id}/attachments`);
    },
  },
  'GET /api/v1/claims/{id}/attachments/{attachmentId}': {
    allowed: [...readers, 'provider-admin'],
    otherTenant: 'program-owner',
    request: async (c) => {
      const id = await claimFor(c, 'evidence_complete', existing);
      const [file] = await c.h.db.query<{ id: string }>(
        'select id from voucher_claim_attachments where claim_id = $1 order by id limit 1',
        [id],
      );
      if (!file) throw new Error('no attachment');
      return c.client.get(`/api/v1/claims/${id}/attachments/${file.id}`);
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
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.post(`/api/v1/claims/${await claimFor(c, 'evidence_complete', deciders)}/redeem`),
  },
  'POST /api/v1/claims/{id}/reject': {
    allowed: deciders,
    otherTenant: 'program-owner',
    request: async (c) =>
      c.client.post(`/api/v1/claims/${await claimFor(c, 'submitted', deciders)}/reject`, {
        reason: 'matrix',
      }),
  },
  'POST /api/v1/claims/{id}/payout': {
    allowed: ['operator-admin'],
    otherTenant: 'program-owner',
    request: async (c) => {
      const id = await claimFor(c, 'published', ['operator-admin']);
      return c.client.post(`/api/v1/claims/${id}/payout`);
    },
  },
  'POST /api/v1/claims/{id}/clawback': {
    allowed: ['operator-admin'],
    otherTenant: 'program-owner',
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
