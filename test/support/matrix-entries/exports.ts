/** Matrix entries of the export routes: every export is scoped to the caller's tenant. */
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixCase, MatrixEntries, MatrixEntry } from '../api-matrix.ts';
import type { RedeemedClaim } from '../publication-fixtures.ts';
import { ensureEnterprise, ensureProvider } from './parties.ts';
import { paidClaimIn } from './publication-data.ts';

// Exports only read, so one paid claim per addressed tenant serves every case and route.
const cache = new WeakMap<ApiHarness, Map<string, Promise<RedeemedClaim>>>();

function cached(
  h: ApiHarness,
  key: string,
  make: () => Promise<RedeemedClaim>,
): Promise<RedeemedClaim> {
  let byTenant = cache.get(h);
  if (!byTenant) {
    byTenant = new Map();
    cache.set(h, byTenant);
  }
  let claim = byTenant.get(key);
  if (!claim) {
    claim = make();
    byTenant.set(key, claim);
  }
  return claim;
}

const everyone = [
  'operator-admin',
  'reviewer',
  'auditor',
  'enterprise-admin',
  'enterprise-member',
  'provider-admin',
] as const;

/**
 * Voucher data belonging to the tenant of the caller's kind (own or other, per the case): for
 * operators a paid claim in that operator's program; for an enterprise or a provider a paid
 * claim of it in operator B's program (which operator A, the calling operator, never sees).
 * The grant and claim ids are marked as that tenant's, so a leak to another caller fails.
 */
async function dataOfCase(c: MatrixCase): Promise<{ grantAccountId: string }> {
  const kind = c.actorKind ?? 'enterprise';
  const tenant = c.tenantOf(kind);
  const paid = await cached(c.h, tenant.id, async () => {
    const parties =
      kind === 'enterprise'
        ? { enterpriseId: await ensureEnterprise(c.h, tenant) }
        : kind === 'provider'
          ? { providerId: await ensureProvider(c.h, tenant) }
          : {};
    const operator = kind === 'operator' ? tenant : c.h.tenants.operatorB;
    return paidClaimIn(c.h, operator, parties);
  });
  c.mark(tenant, paid.claim.id);
  c.mark(tenant, paid.grant.id);
  return { grantAccountId: paid.grant.accountId };
}

function programExport(path: string): MatrixEntry {
  return {
    allowed: everyone,
    otherTenant: 'filtered',
    // Operators see the enterprises' data under their own programs (the voucher entries make
    // some in operator A's); another operator tenant's marked data is still a leak.
    operatorSees: 'operator-scope',
    request: async (c) => {
      await dataOfCase(c);
      return c.client.get(path);
    },
  };
}

function statementExport(format: 'csv' | 'xlsx'): MatrixEntry {
  return {
    allowed: ['operator-admin', 'reviewer', 'auditor', 'enterprise-admin', 'enterprise-member'],
    otherTenant: 'program-owner',
    request: async (c) => {
      // The account of a grant of the addressed enterprise under a program of the addressed
      // operator (operator callers; operator B's for the others): operators read the grant
      // accounts of their own programs only.
      const enterprise = c.tenantOf('enterprise');
      const owner = c.actorKind === 'operator' ? c.tenantOf('operator') : c.h.tenants.operatorB;
      const paid = await cached(c.h, `${enterprise.id}:${owner.id}`, async () => {
        const enterpriseId = await ensureEnterprise(c.h, enterprise);
        return paidClaimIn(c.h, owner, { enterpriseId });
      });
      return c.client.get(
        `/api/v1/exports/ledger-statement.${format}?accountId=${paid.grant.accountId}`,
      );
    },
  };
}

export const exportsMatrixEntries: MatrixEntries = {
  'GET /api/v1/exports/grants.csv': programExport('/api/v1/exports/grants.csv'),
  'GET /api/v1/exports/grants.xlsx': programExport('/api/v1/exports/grants.xlsx'),
  'GET /api/v1/exports/claims.csv': programExport('/api/v1/exports/claims.csv'),
  'GET /api/v1/exports/claims.xlsx': programExport('/api/v1/exports/claims.xlsx'),
  'GET /api/v1/exports/payouts.csv': programExport('/api/v1/exports/payouts.csv'),
  'GET /api/v1/exports/payouts.xlsx': programExport('/api/v1/exports/payouts.xlsx'),
  'GET /api/v1/exports/ledger-statement.csv': statementExport('csv'),
  'GET /api/v1/exports/ledger-statement.xlsx': statementExport('xlsx'),
};
