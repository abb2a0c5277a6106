import { expect } from 'vitest';
import type { ApiClient, ApiHarness, ApiResponse, TenantLetter } from './api-harness.ts';
import { hangzhouProgramYaml } from './catalog-fixtures.ts';
import { ensureEnterprise, ensureProvider } from './matrix-entries/parties.ts';

/**
 * Claims over HTTP for the claim-identity tests: Hangzhou's program published by an operator
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
