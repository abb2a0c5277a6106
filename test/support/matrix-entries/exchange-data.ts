/** Data the exchange's matrix entries make: offers and orders through the services. */
import { createTenant, type Tenant, type TenantKind } from '../../../src/services/access/index.ts';
import { systemActor } from '../../../src/services/authz/index.ts';
import { buyNow, createOffer, type Order } from '../../../src/services/exchange/index.ts';
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixCase } from '../api-matrix.ts';
import { ensureEnterprise, ensureProvider } from './parties.ts';

export const HOUR_MS = 3_600_000;

/** The start of the hour `hoursFromNow` hours from the harness's clock. */
export function hourAt(h: ApiHarness, hoursFromNow: number): Date {
  return new Date(Math.floor(h.clock.now().getTime() / HOUR_MS) * HOUR_MS + hoursFromNow * HOUR_MS);
}

/** A 4-hour Ascend 910B offer of `provider` from `fromHour` hours from now (services). */
export async function offerOf(h: ApiHarness, provider: Tenant, fromHour = 1): Promise<string> {
  const providerId = await ensureProvider(h, provider);
  const offer = await createOffer({
    db: h.db,
    actor: systemActor,
    providerId,
    terms: {
      acceleratorId: 'ascend-910b',
      cardCount: 8,
      regionCode: '520100',
      pueMilli: 1200,
      greenShareBps: 5000,
      pricePerCardHourFen: 1200n,
      window: { from: hourAt(h, fromHour), to: hourAt(h, fromHour + 4) },
      minTermHours: 1,
      splittable: true,
    },
    now: h.clock.now(),
  });
  return offer.id;
}

/**
 * An order between `enterprise` and `provider` (services, no subsidy). `started`: bought three
 * hours ago for the two hours since, so its first hour may be reported now.
 */
async function orderOf(
  h: ApiHarness,
  enterprise: Tenant,
  provider: Tenant,
  started = false,
): Promise<Order> {
  const enterpriseId = await ensureEnterprise(h, enterprise);
  const fromHour = started ? -3 : 1;
  const offerId = await offerOf(h, provider, fromHour);
  return buyNow({
    db: h.db,
    actor: systemActor,
    enterpriseId,
    offerId,
    cards: 2,
    window: { from: hourAt(h, fromHour), to: hourAt(h, fromHour + 2) },
    now: started ? hourAt(h, fromHour) : h.clock.now(),
  });
}

/** Per harness and kind: a tenant no matrix caller belongs to, the other side of contracts. */
const counterparts = new Map<string, Promise<Tenant>>();
function counterpart(h: ApiHarness, kind: 'enterprise' | 'provider'): Promise<Tenant> {
  const key = `${h.tenants.operatorA.id}:${kind}`;
  let tenant = counterparts.get(key);
  if (tenant === undefined) {
    tenant = createTenant({
      sql: h.db,
      kind,
      name: `Matrix ${kind} counterpart`,
      now: h.clock.now(),
    });
    counterparts.set(key, tenant);
  }
  return tenant;
}

/**
 * The order a case addresses: its caller's side of the contract comes from `tenantOf` (own or
 * another tenant), the other side is a tenant no caller belongs to, so only the caller's side
 * decides who may see it.
 */
export async function orderOfCase(c: MatrixCase, started = false): Promise<Order> {
  const side: TenantKind = c.actorKind === 'provider' ? 'provider' : 'enterprise';
  const enterprise =
    side === 'enterprise' ? c.tenantOf('enterprise') : await counterpart(c.h, 'enterprise');
  const provider =
    side === 'provider' ? c.tenantOf('provider') : await counterpart(c.h, 'provider');
  const order = await orderOf(c.h, enterprise, provider, started);
  c.mark(side === 'provider' ? provider : enterprise, order.id);
  return order;
}
