import { expect } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import {
  addClaimAttachment,
  createApplication,
  createClaim,
  reviewApplication,
  submitApplication,
  type Actor,
  type Application,
  type Claim,
  type Grant,
  type PlannedPurchase,
} from '../../src/services/vouchers/index.ts';
import { at, files, operator } from '../vouchers-support.ts';
import type { ApiClient, ApiHarness, ApiResponse, TenantLetter } from './api-harness.ts';
import { hangzhouProgramYaml } from './catalog-fixtures.ts';
import { ensureEnterprise, ensureProvider } from './matrix-entries/parties.ts';
import { sharedTestEvidenceStore } from './test-evidence-store.ts';

/**
 * A claim's set-up, over HTTP (below) or through the services (further down). Over HTTP, for
 * the claim-identity and evidence tests: Hangzhou's program published by an operator
 * tenant through the API (so its staff review the claims), grants for the harness's enterprise
 * tenants A and B, drafts against contracts, and evidence uploads.
 */

export const PROGRAM = 'hangzhou-city-compute';

/** The parties of the harness registered, and `programId` published by operator `letter`. */
export async function setUpClaims(
  h: ApiHarness,
  options: { programId?: string; operator?: TenantLetter } = {},
): Promise<{ providerA: string; providerB: string }> {
  await ensureEnterprise(h, h.tenants.enterpriseA);
  await ensureEnterprise(h, h.tenants.enterpriseB);
  const providerA = await ensureProvider(h, h.tenants.providerA);
  const providerB = await ensureProvider(h, h.tenants.providerB);
  const yaml = hangzhouProgramYaml({ version: 2, id: options.programId ?? PROGRAM });
  const published = await h
    .as(`operator-admin@${options.operator ?? 'A'}`)
    .post('/api/v1/programs/versions', { yaml });
  expect(published.status, published.text).toBe(201);
  return { providerA, providerB };
}

/**
 * An approved grant of `amountFen` for enterprise `letter`, reviewed by the program's operator
 * (its application plans ¥2,000,000 of imported compute: 20 %, ¥400,000).
 */
export async function grantFor(
  h: ApiHarness,
  letter: TenantLetter,
  options: { programId?: string; operator?: TenantLetter; amountFen?: string } = {},
): Promise<string> {
  const amountFen = options.amountFen ?? '40000000';
  const applied = await h.as(`enterprise-admin@${letter}`).post('/api/v1/applications', {
    programId: options.programId ?? PROGRAM,
    plannedPurchase: { kind: 'compute', amountFen: '200000000', chipOrigin: 'imported' },
    requestedFen: amountFen,
    purpose: '合同与发票测试',
    submit: true,
  });
  expect(applied.status, applied.text).toBe(201);
  const reviewed = await h
    .as(`reviewer@${options.operator ?? 'A'}`)
    .post(`/api/v1/applications/${applied.json<{ id: string }>().id}/review`, {
      decision: 'approve',
      amountFen,
      expiresOn: '2026-12-31',
    });
  expect(reviewed.status, reviewed.text).toBe(200);
  return reviewed.json<{ grantId: string }>().grantId;
}

/** Drafts a claim of imported compute on a contract; the response as it comes. */
export function draftClaim(
  client: ApiClient,
  claim: { grantId: string; providerId: string; contractId: string; contractAmountFen?: string },
): Promise<ApiResponse> {
  const contractAmountFen = claim.contractAmountFen ?? '200000000';
  return client.post('/api/v1/claims', {
    grantId: claim.grantId,
    providerId: claim.providerId,
    contractId: claim.contractId,
    contractSignedOn: '2026-03-01',
    contractAmountFen,
    purchase: { kind: 'compute', amountFen: contractAmountFen, chipOrigin: 'imported' },
  });
}

/** Drafts a claim that must succeed; its id. */
export async function draftedClaim(
  client: ApiClient,
  claim: Parameters<typeof draftClaim>[1],
): Promise<string> {
  const drafted = await draftClaim(client, claim);
  expect(drafted.status, drafted.text).toBe(201);
  return drafted.json<{ id: string }>().id;
}

let fileCounter = 0;

/**
 * Uploads one evidence file (a small PDF, different every time so no upload is taken for a
 * retry of another) with the query's metadata: `kind`, `amountFen`, `invoiceNumber`…
 */
export function upload(
  client: ApiClient,
  claimId: string,
  query: Record<string, string>,
): Promise<ApiResponse> {
  fileCounter += 1;
  const search = new URLSearchParams({ filename: `${query.kind ?? 'file'}.pdf`, ...query });
  return client.post(`/api/v1/claims/${claimId}/attachments?${search.toString()}`, undefined, {
    rawBody: `%PDF-1.7\n${query.kind ?? ''} ${String(fileCounter)}\n%%EOF`,
    headers: { 'content-type': 'application/pdf' },
    idempotencyKey: null,
  });
}

/** A random 20-digit (数电票) invoice number. */
export function digitalInvoiceNumber(): string {
  return Array.from({ length: 20 }, () => Math.floor(Math.random() * 10)).join('');
}

/*
 * The same steps through the services (no HTTP), for the ledger, race and property tests: an
 * enterprise's application, its approval, a claim on the grant and its evidence, each as the
 * enterprise (or the system operator for the review) at fixed days of 2025.
 */

const HANGZHOU = 'hangzhou-city-compute';
const asEnterprise = (enterpriseId: string): Actor => ({ ...operator, tenantId: enterpriseId });

export interface ApplicationPlan {
  enterpriseId: string;
  /** Hangzhou's city program unless told. */
  programId?: string;
  requestedFen: bigint;
  /** ¥1,000,000 of domestic compute unless told. */
  plannedPurchase?: PlannedPurchase;
  purpose?: string;
  /** 2025-06-01 unless told. */
  now?: Date;
}

/** The enterprise's application, submitted. */
export async function submittedApplication(
  db: Database,
  plan: ApplicationPlan,
): Promise<Application> {
  const actor = asEnterprise(plan.enterpriseId);
  const now = plan.now ?? at('2025-06-01');
  const application = await createApplication({
    db,
    programId: plan.programId ?? HANGZHOU,
    enterpriseId: plan.enterpriseId,
    requestedFen: plan.requestedFen,
    purpose: plan.purpose ?? 'test',
    plannedPurchase: plan.plannedPurchase ?? {
      kind: 'compute',
      amountFen: 100_000_000n,
      chipOrigin: 'domestic',
    },
    actor,
    now,
  });
  return (await submitApplication({ db, applicationId: application.id, actor, now })).application;
}

/** The application submitted and approved the next day for what it asked; its grant. */
export async function approvedGrant(
  db: Database,
  plan: ApplicationPlan & { expiresOn?: string },
): Promise<Grant> {
  const application = await submittedApplication(db, plan);
  const { grant } = await reviewApplication({
    db,
    applicationId: application.id,
    decision: {
      decision: 'approve',
      amountFen: plan.requestedFen,
      expiresOn: plan.expiresOn ?? '2025-12-31',
    },
    actor: operator,
    now: new Date((plan.now ?? at('2025-06-01')).getTime() + 86_400_000),
  });
  if (!grant) throw new Error('approved without a grant');
  return grant;
}

/**
 * A draft claim on the grant: a contract (¥1,000,000 unless told), the purchase domestic compute
 * of `purchaseFen` (the contract's amount unless told).
 */
export function draftClaimOn(
  db: Database,
  grant: Grant,
  claim: {
    providerId: string;
    contractId?: string;
    contractAmountFen?: bigint;
    purchaseFen?: bigint;
    /** The day the contract is signed and the claim drafted: 2025-06-05 unless told. */
    signedOn?: string;
  },
): Promise<Claim> {
  const contractAmountFen = claim.contractAmountFen ?? 100_000_000n;
  const signedOn = claim.signedOn ?? '2025-06-05';
  return createClaim({
    db,
    grantId: grant.id,
    enterpriseId: grant.enterpriseId,
    providerId: claim.providerId,
    contractId: claim.contractId ?? `C-${grant.id}`,
    contractSignedOn: signedOn,
    contractAmountFen,
    purchase: {
      kind: 'compute',
      amountFen: claim.purchaseFen ?? contractAmountFen,
      chipOrigin: 'domestic',
    },
    actor: asEnterprise(grant.enterpriseId),
    now: at(signedOn),
  });
}

/** One evidence file of the claim (a small PDF named after its kind), on 2025-07-01. */
export function attachEvidenceFile(
  db: Database,
  claim: { claimId: string; enterpriseId: string },
  kind: string,
  extra: { invoiceNumber?: string; invoiceCode?: string; amountFen?: bigint } = {},
): Promise<unknown> {
  return addClaimAttachment({
    store: sharedTestEvidenceStore(),
    db,
    claimId: claim.claimId,
    enterpriseId: claim.enterpriseId,
    actor: asEnterprise(claim.enterpriseId),
    now: at('2025-07-01'),
    attachment: {
      kind,
      filename: `${kind}.pdf`,
      contentType: 'application/pdf',
      bytes: files.pdf(kind),
      ...extra,
    },
  });
}

/** The invoice, the payment proof and the delivery proof: what redemption needs. */
export async function attachCompleteEvidence(
  db: Database,
  claim: { claimId: string; enterpriseId: string },
  evidence: { invoiceNumber: string; invoiceCode?: string; invoicedFen: bigint; paidFen: bigint },
): Promise<void> {
  await attachEvidenceFile(db, claim, 'invoice', {
    invoiceNumber: evidence.invoiceNumber,
    ...(evidence.invoiceCode === undefined ? {} : { invoiceCode: evidence.invoiceCode }),
    amountFen: evidence.invoicedFen,
  });
  await attachEvidenceFile(db, claim, 'payment', { amountFen: evidence.paidFen });
  await attachEvidenceFile(db, claim, 'delivery');
}
