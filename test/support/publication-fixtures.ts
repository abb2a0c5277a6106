/**
 * Fixtures for publication, export and API tests: a test program in force at any date, and
 * claims walked to `redeemed` through the real voucher services (src/demo/voucher-steps).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { Database } from '../../src/db/client.ts';
import { shanghaiDayOf } from '../../src/domain/shared/calendar.ts';
import {
  actorOf,
  applyFor,
  approve,
  attachEvidence,
  claimContract,
  expiryAfter,
} from '../../src/demo/voucher-steps.ts';
import { registerEnterprise, registerProvider } from '../../src/services/parties/index.ts';
import { getVersionInForce, publishProgramVersion } from '../../src/services/programs/index.ts';
import {
  activateProgram,
  redeemClaim,
  type Claim,
  type Grant,
} from '../../src/services/vouchers/index.ts';
import { systemActor } from '../../src/services/authz/index.ts';
import { sharedTestEvidenceStore } from './test-evidence-store.ts';
import { freshUscc } from './uscc.ts';

const DAY_MS = 86_400_000;
const hangzhouFile = join(import.meta.dirname, '../../programs/hangzhou-city-compute.v1.yaml');

/**
 * Publishes a copy of Hangzhou's program under `id`, in force for the whole calendar year of
 * `at`, and activates it for vouchers (owned by `operatorTenantId`, or by no operator: null).
 */
export async function publishTestProgram(
  db: Database,
  options: {
    id?: string;
    at: Date;
    operatorTenantId: string | null;
    /** Hangzhou's is 'review'; 'first-come' decides applications at submission. */
    allocation?: 'review' | 'automatic' | 'first-come';
  },
): Promise<string> {
  const id = options.id ?? `pub-test-${randomUUID().slice(0, 8)}`;
  const year = shanghaiDayOf(options.at).slice(0, 4);
  const document = parseDocument(await readFile(hangzhouFile, 'utf8'));
  document.set('id', id);
  document.set('fiscalYear', Number(year));
  document.set('effectiveFrom', `${year}-01-01`);
  document.set('effectiveTo', `${year}-12-31`);
  if (options.allocation) document.set('allocation', options.allocation);
  await publishProgramVersion({
    sql: db,
    yamlText: document.toString(),
    publishedBy: 'test',
    now: options.at,
  });
  const { definition } = await getVersionInForce({
    sql: db,
    programId: id,
    date: shanghaiDayOf(options.at),
  });
  await activateProgram({
    sql: db,
    program: definition,
    operatorTenantId: options.operatorTenantId,
    now: options.at,
  });
  return id;
}

/** Registers a small Hangzhou enterprise (or makes the tenant `id` one); returns its id. */
export async function testEnterprise(
  db: Database,
  at: Date,
  id?: string,
  name?: string,
): Promise<string> {
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: db,
    ...(id ? { id } : {}),
    input: {
      uscc: freshUscc('330106'),
      name: name ?? `杭州测试${randomUUID().slice(0, 6)}科技有限公司`,
      size: 'small',
      foundedOn: '2020-01-01',
    },
    now: at,
  });
  return enterprise.id;
}

/** Registers a domestic compute provider (or makes the tenant `id` one); returns its id. */
export async function testProvider(
  db: Database,
  at: Date,
  id?: string,
  name?: string,
): Promise<string> {
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: db,
    ...(id ? { id } : {}),
    input: {
      uscc: freshUscc('330110'),
      name: name ?? `测试算力${randomUUID().slice(0, 6)}有限公司`,
      kinds: ['compute'],
      acceleratorOrigins: ['domestic'],
    },
    now: at,
  });
  return provider.id;
}

export interface RedeemedClaim {
  claim: Claim;
  grant: Grant;
  enterpriseId: string;
  providerId: string;
}

/**
 * One claim walked to `state` (default redeemed) over the 4 days before `at`: an application for
 * ¥100,000 of domestic compute (small enterprise, contract ≤ ¥500,000 → 50 % = ¥50,000),
 * approval, a claim on a ¥`contractYuan` contract, evidence, redemption at `at`.
 */
export async function claimInState(
  db: Database,
  options: {
    programId: string;
    at: Date;
    enterpriseId: string;
    providerId: string;
    contractYuan?: bigint;
    state?: 'submitted' | 'evidence_complete' | 'redeemed';
    /** A 20-digit (数电票) number, unique among the enterprise's live claims; random by default. */
    invoiceNumber?: string;
  },
): Promise<RedeemedClaim> {
  const { programId, at, enterpriseId, providerId } = options;
  const before = (days: number): Date => new Date(at.getTime() - days * DAY_MS);
  const actor = actorOf(null, enterpriseId, 'test');
  const operator = actorOf(null, null, 'test');
  const application = await applyFor({
    db,
    plan: {
      programId,
      enterpriseId,
      kind: 'compute',
      chipOrigin: 'domestic',
      amountFen: 10_000_000n,
      requestedFen: 5_000_000n,
      purpose: 'test purchase',
    },
    actor,
    at: before(4),
  });
  const grant = await approve({
    db,
    applicationId: application.id,
    amountFen: 5_000_000n,
    expiresOn: expiryAfter(at, 200),
    reviewer: operator,
    at: before(3.9),
  });
  let claim = await claimContract({
    db,
    plan: {
      grant,
      providerId,
      contractId: `HT-${randomUUID()}`,
      contractAmountFen: (options.contractYuan ?? 100_000n) * 100n,
      kind: 'compute',
      chipOrigin: 'domestic',
    },
    actor,
    at: before(3),
  });
  if (options.state === 'submitted') return { claim, grant, enterpriseId, providerId };
  const invoiceNumber =
    options.invoiceNumber ?? Array.from({ length: 20 }, () => randomInt(10)).join('');
  claim = await attachEvidence({
    db,
    store: sharedTestEvidenceStore(),
    claim,
    invoiceNumber,
    invoicedFen: claim.contractAmountFen,
    paidFen: claim.contractAmountFen,
    actor,
    at: before(2),
  });
  if (options.state === 'evidence_complete') return { claim, grant, enterpriseId, providerId };
  claim = await redeemClaim({ db, claimId: claim.id, actor: operator, now: at });
  return { claim, grant, enterpriseId, providerId };
}
