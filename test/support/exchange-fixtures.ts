/**
 * The compute exchange's test parties and helpers: a program file moved to the tests' year, a
 * Chengdu SME, providers in Guizhou (domestic Ascend) and Hangzhou (imported NVIDIA), a grant
 * approved over HTTP, offers and signed usage reports.
 */
import { randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { canonicalUsageReport } from '../../src/services/exchange/index.ts';
import { registerEnterprise, registerProvider } from '../../src/services/parties/index.ts';
import { systemActor } from '../../src/services/authz/index.ts';
import type { ApiHarness, ApiResponse, TenantLetter } from './api-harness.ts';
import { freshUscc } from './uscc.ts';
import { ed25519Pair, provenKeyBody, type Ed25519Pair } from './signing-keys.ts';

/** A real program file (`programs/<name>.v1.yaml`) moved to `year`: in force on the tests' dates. */
export function programYamlIn(name: string, year = 2026): string {
  return readFileSync(new URL(`../../programs/${name}.v1.yaml`, import.meta.url), 'utf8')
    .replace(/^fiscalYear: \d+$/mu, `fiscalYear: ${year}`)
    .replace(/^effectiveFrom: .*$/mu, `effectiveFrom: "${year}-01-01"`)
    .replace(/^effectiveTo: .*$/mu, `effectiveTo: "${year}-12-31"`);
}

/** Publishes `name` for 2026 as operator-admin@A (its staff review the applications). */
export async function publishProgram(h: ApiHarness, name: string): Promise<void> {
  const published = await h
    .as('operator-admin@A')
    .post('/api/v1/programs/versions', { yaml: programYamlIn(name) });
  expect(published.status, published.text).toBe(201);
}

/** Makes enterprise tenant `letter` a small firm registered in `regionCode` (Chengdu by default). */
export async function registerSme(
  h: ApiHarness,
  letter: TenantLetter,
  regionCode = '510104',
): Promise<string> {
  const tenant = h.tenants[`enterprise${letter}`];
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: h.db,
    id: tenant.id,
    input: {
      uscc: freshUscc(regionCode),
      name: tenant.name,
      size: 'small',
      foundedOn: '2021-01-01',
    },
    now: h.clock.now(),
  });
  return enterprise.id;
}

/** Makes provider tenant `letter` a compute centre offering accelerators of `origin`. */
export async function registerComputeCentre(
  h: ApiHarness,
  letter: TenantLetter,
  origin: 'domestic' | 'imported',
  regionCode: string,
): Promise<string> {
  const tenant = h.tenants[`provider${letter}`];
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: h.db,
    id: tenant.id,
    input: {
      uscc: freshUscc(regionCode),
      name: tenant.name,
      regionCode,
      kinds: ['compute'],
      acceleratorOrigins: [origin],
    },
    now: h.clock.now(),
  });
  return provider.id;
}

/**
 * An offer by provider A's compute centre `providerId` of 16 Ascend 910B cards in Guizhou
 * (520000) at ¥100.07 a card-hour, splittable, over `window`; returns its id.
 */
export async function ascendOffer(
  h: ApiHarness,
  providerId: string,
  window: { from: string; to: string },
  minTermHours: number,
): Promise<string> {
  const created = await h.as('provider-admin@A').post('/api/v1/exchange/offers', {
    providerId,
    acceleratorId: 'ascend-910b',
    cardCount: 16,
    regionCode: '520000',
    pueMilli: 1200,
    greenShareBps: 6000,
    pricePerCardHourFen: '10007',
    window,
    minTermHours,
    splittable: true,
  });
  expect(created.status, created.text).toBe(201);
  return created.json<{ id: string }>().id;
}

/** A grant of `amountFen` under `programId` for enterprise `letter`, approved by reviewer@A. */
export async function approvedGrant(
  h: ApiHarness,
  letter: TenantLetter,
  programId: string,
  amountFen = '50000000',
): Promise<string> {
  const applied = await h.as(`enterprise-admin@${letter}`).post('/api/v1/applications', {
    programId,
    plannedPurchase: { kind: 'compute', amountFen: '200000000', chipOrigin: 'imported' },
    requestedFen: amountFen,
    purpose: '算力交易测试',
    submit: true,
  });
  expect(applied.status, applied.text).toBe(201);
  const application = applied.json<{ id: string; grantId?: string | null }>();
  if (application.grantId) return application.grantId;
  const reviewed = await h.as('reviewer@A').post(`/api/v1/applications/${application.id}/review`, {
    decision: 'approve',
    amountFen,
    expiresOn: '2026-12-31',
  });
  expect(reviewed.status, reviewed.text).toBe(200);
  return reviewed.json<{ grantId: string }>().grantId;
}

/** Registers a fresh signing key for provider `letter` over HTTP; the pair and its fingerprint. */
export async function providerKey(
  h: ApiHarness,
  letter: TenantLetter,
  providerId: string,
): Promise<Ed25519Pair & { id: string; fingerprint: string }> {
  const pair = ed25519Pair();
  const client = h.as(`provider-admin@${letter}`);
  const body = await provenKeyBody(client, providerId, pair);
  const registered = await client.post(`/api/v1/providers/${providerId}/signing-keys`, body);
  expect(registered.status, registered.text).toBe(201);
  const key = registered.json<{ id: string; fingerprint: string }>();
  return { ...pair, id: key.id, fingerprint: key.fingerprint };
}

/** A usage report's JSON body as a provider posts it. */
export interface ReportJson {
  reportId: string;
  orderId: string;
  keyFingerprint: string;
  period: { from: string; to: string };
  lines: { acceleratorId: string; cardHours: string }[];
  meters: Record<string, string>;
}

export function usageReport(
  orderId: string,
  keyFingerprint: string,
  period: { from: string; to: string },
  acceleratorId: string,
  cardHours: number,
): ReportJson {
  return {
    reportId: randomUUID(),
    orderId,
    keyFingerprint,
    period,
    lines: [{ acceleratorId, cardHours: String(cardHours) }],
    meters: { energyWh: String(cardHours * 700) },
  };
}

/** The Ed25519 signature (base64) of a report's canonical encoding. */
export function signReport(report: ReportJson, privateKey: KeyObject): string {
  const canonical = canonicalUsageReport({
    ...report,
    period: { from: new Date(report.period.from), to: new Date(report.period.to) },
    lines: report.lines.map((line) => ({ ...line, cardHours: BigInt(line.cardHours) })),
    meters: Object.fromEntries(Object.entries(report.meters).map(([k, v]) => [k, BigInt(v)])),
  });
  return sign(null, Buffer.from(canonical, 'utf8'), privateKey).toString('base64');
}

/** Posts a signed report as provider-admin@`letter`. */
export function postReport(
  h: ApiHarness,
  letter: TenantLetter,
  report: ReportJson,
  signature: string,
): Promise<ApiResponse> {
  return h
    .as(`provider-admin@${letter}`)
    .post('/api/v1/exchange/usage-reports', { report, signature });
}

/** Rows that a refused report must leave unchanged. */
export async function moneyFootprint(h: ApiHarness): Promise<Record<string, unknown>> {
  const [row] = await h.db.query(
    `select (select count(*) from ledger_transfers)::int as transfers,
            (select count(*) from exchange_usage_reports)::int as reports,
            (select count(*) from exchange_invoices)::int as invoices,
            (select coalesce(sum(settled_fen), 0)::text from exchange_orders) as settled`,
  );
  return row ?? {};
}

/** An hour of March 2026 — the exchange tests' market — as an ISO instant. */
export function marchHour(day: number, hour: number): string {
  return new Date(Date.UTC(2026, 2, day, hour)).toISOString();
}

/** What `smeMarket` set up: the SME, its grant and the Ascend offer it buys from. */
export interface SmeMarket {
  enterpriseId: string;
  grantId: string;
  offerId: string;
}

/**
 * One SME (`letter`, in `regionCode`) holding an approved grant of `grantFen` under the
 * published program `programId`, and a domestic Ascend offer of provider A in Guizhou open from
 * day `offerDays[0]` to day `offerDays[1]` of March 2026.
 */
export async function smeMarket(
  h: ApiHarness,
  options: {
    programId: string;
    letter: TenantLetter;
    regionCode: string;
    offerDays: [number, number];
    minTermHours: number;
    grantFen: string;
  },
): Promise<SmeMarket> {
  await publishProgram(h, options.programId);
  const enterpriseId = await registerSme(h, options.letter, options.regionCode);
  const providerId = await registerComputeCentre(h, 'A', 'domestic', '520100');
  const [fromDay, toDay] = options.offerDays;
  const offerId = await ascendOffer(
    h,
    providerId,
    { from: marchHour(fromDay, 0), to: marchHour(toDay, 0) },
    options.minTermHours,
  );
  const grantId = await approvedGrant(h, options.letter, options.programId, options.grantFen);
  return { enterpriseId, grantId, offerId };
}
