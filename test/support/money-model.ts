/**
 * The no-stranded-money model (issue 17, item 1): random sequences of voucher lifecycle actions
 * through the real services and the real publication flow, against a small model of what each
 * claim should be, and the invariants checked after every sequence:
 * - every fen in the payable (posted or reserved) belongs to a claim whose state moves it later,
 *   and a closed grant holds nothing (checked here from the rows, and by `reconcileVouchers`);
 * - budget + grants + payable + paid + owed back = funded.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import {
  actorOf,
  applyFor,
  approve,
  attachEvidence,
  claimContract,
} from '../../src/demo/voucher-steps.ts';
import { createTenant } from '../../src/services/access/index.ts';
import { lookupAccounts } from '../../src/services/ledger/index.ts';
import {
  closePublication,
  createPublication,
  fileObjection,
  getPublication,
  publishPublication,
  resolveObjection,
} from '../../src/services/publication/index.ts';
import {
  clawbackClaim,
  expireGrants,
  payoutClaim,
  reconcileVouchers,
  redeemClaim,
  rejectClaim,
  voidGrant,
  type Claim,
  type Grant,
} from '../../src/services/vouchers/index.ts';
import { publishTestProgram, testEnterprise, testProvider } from './publication-fixtures.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Every sequence starts here (sequences of one world share a program, not their entities). */
export const MODEL_START = new Date('2026-03-02T02:00:00Z');

export type ModelAction =
  | { kind: 'claim'; contractYuan: number }
  | { kind: 'evidence'; claim: number }
  | { kind: 'redeem'; claim: number }
  | { kind: 'reject'; claim: number }
  | { kind: 'clawback'; claim: number; part: number | null; penalty: boolean }
  | { kind: 'publish'; uphold: number | null }
  | { kind: 'payout'; claim: number }
  | { kind: 'void' }
  | { kind: 'expire' };

const claimIndex = fc.nat({ max: 2 });
/** Claims are made first more often, so the later actions have something to act on. */
export const modelAction: fc.Arbitrary<ModelAction> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('claim' as const),
      contractYuan: fc.integer({ min: 1, max: 120_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('evidence' as const), claim: claimIndex }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeem' as const), claim: claimIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), claim: claimIndex }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('clawback' as const),
      claim: claimIndex,
      part: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      penalty: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('publish' as const),
      uphold: fc.option(claimIndex, { nil: null }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('payout' as const), claim: claimIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
);

/** Refusals a random action may meet: each changes nothing (the invariants check that too). */
const EXPECTED_REFUSALS = new Set([
  'INVALID_STATE_TRANSITION',
  'GRANT_EXPIRED',
  'INSUFFICIENT_BALANCE',
  'POLICY_REJECTED',
  'PUBLICATION_PENDING',
  'OBJECTION_UPHELD',
  'CONFLICT',
]);

export interface ModelWorld {
  db: Database;
  programId: string;
  providerId: string;
  operatorTenantId: string;
  /** The grant the next sequence claims on: shared while open, to keep sequences cheap. */
  current: { grant: Grant; enterpriseId: string; sequences: number } | null;
}

/** Sequences that share one grant at most (each makes new claims on it). */
const SEQUENCES_PER_GRANT = 4;

/** The open grant of `world`, or a new one (new enterprise, application and approval). */
async function grantFor(world: ModelWorld): Promise<{ grant: Grant; enterpriseId: string }> {
  const { db, programId } = world;
  const current = world.current;
  if (current && current.sequences < SEQUENCES_PER_GRANT) {
    const [row] = await db.query<{ state: string }>(
      'select state from voucher_grants where id = $1',
      [current.grant.id],
    );
    if (row?.state === 'active' || row?.state === 'exhausted') {
      current.sequences += 1;
      return current;
    }
  }
  const enterpriseId = await testEnterprise(db, new Date(MODEL_START.getTime() - 30 * DAY_MS));
  const application = await applyFor({
    db,
    plan: {
      programId,
      enterpriseId,
      kind: 'compute',
      chipOrigin: 'domestic',
      amountFen: 10_000_000n,
      requestedFen: 5_000_000n,
      purpose: 'model',
    },
    actor: actorOf(null, enterpriseId, 'model'),
    at: MODEL_START,
  });
  const grant = await approve({
    db,
    applicationId: application.id,
    amountFen: 5_000_000n,
    expiresOn: '2026-04-30',
    reviewer: actorOf(null, world.operatorTenantId, 'model'),
    at: MODEL_START,
  });
  world.current = { grant, enterpriseId, sequences: 1 };
  return world.current;
}

/** A program (Hangzhou's rules) of a new operator tenant, with a provider. */
export async function createModelWorld(db: Database): Promise<ModelWorld> {
  const at = new Date(MODEL_START.getTime() - 30 * DAY_MS);
  const operator = await createTenant({
    sql: db,
    kind: 'operator',
    name: `模型运营方${randomUUID().slice(0, 6)}`,
    now: at,
  });
  const programId = await publishTestProgram(db, { at, operatorTenantId: operator.id });
  const providerId = await testProvider(db, at);
  return { db, programId, providerId, operatorTenantId: operator.id, current: null };
}

/** What the model expects of a claim: its state and what it still holds. */
interface ModelClaim {
  claim: Claim;
  state: Claim['state'];
  outstandingFen: bigint;
}

let invoiceSerial = 0;

/** Runs one sequence of actions on a fresh grant of `world`, then checks every invariant. */
export async function runSequence(
  world: ModelWorld,
  actions: readonly ModelAction[],
): Promise<void> {
  const { db } = world;
  let now = MODEL_START;
  const { grant, enterpriseId } = await grantFor(world);
  const enterprise = actorOf(null, enterpriseId, 'model');
  const operator = actorOf(null, world.operatorTenantId, 'model');
  const claims: ModelClaim[] = [];
  const pick = (index: number): ModelClaim | undefined =>
    claims[index % Math.max(claims.length, 1)];
  for (const action of actions) {
    now = new Date(now.getTime() + HOUR_MS);
    const step = async (): Promise<void> => {
      switch (action.kind) {
        case 'claim': {
          const claim = await claimContract({
            db,
            plan: {
              grant,
              providerId: world.providerId,
              contractId: `MODEL-${randomUUID()}`,
              contractAmountFen: BigInt(action.contractYuan) * 100n,
              kind: 'compute',
              chipOrigin: 'domestic',
            },
            actor: enterprise,
            at: now,
          });
          claims.push({ claim, state: claim.state, outstandingFen: 0n });
          return;
        }
        case 'evidence': {
          const entry = pick(action.claim);
          if (!entry || entry.state !== 'submitted') return;
          invoiceSerial += 1;
          const invoice = `2533${String(invoiceSerial + Math.floor(Math.random() * 1e9) * 1e6)
            .padStart(16, '0')
            .slice(-16)}`;
          const fen = entry.claim.contractAmountFen;
          entry.claim = await attachEvidence({
            db,
            claim: entry.claim,
            invoiceNumber: invoice,
            invoicedFen: fen,
            paidFen: fen,
            actor: enterprise,
            at: now,
          });
          entry.state = entry.claim.state;
          return;
        }
        case 'redeem': {
          const entry = pick(action.claim);
          if (!entry) return;
          const redeemed = await redeemClaim({ db, claimId: entry.claim.id, actor: operator, now });
          Object.assign(entry, { state: 'redeemed', outstandingFen: redeemed.redeemedFen });
          return;
        }
        case 'reject': {
          const entry = pick(action.claim);
          if (!entry) return;
          await rejectClaim({
            db,
            claimId: entry.claim.id,
            reason: 'model reject',
            actor: operator,
            now,
          });
          Object.assign(entry, { state: 'rejected', outstandingFen: 0n });
          return;
        }
        case 'clawback': {
          const entry = pick(action.claim);
          if (!entry) return;
          const part =
            action.part === null || entry.outstandingFen < 2n
              ? null
              : 1n + BigInt(Math.floor(action.part * Number(entry.outstandingFen - 2n)));
          const { amounts } = await clawbackClaim({
            db,
            claimId: entry.claim.id,
            ...(part === null ? {} : { amountFen: part }),
            penaltyMultipleBps: action.penalty ? 10_000 : 0,
            reason: 'model clawback',
            blacklist: false,
            actor: operator,
            now,
          });
          expect(amounts.reversalFen).toBe(part ?? entry.outstandingFen);
          entry.outstandingFen -= amounts.reversalFen;
          if (entry.outstandingFen === 0n) entry.state = 'clawed_back';
          return;
        }
        case 'publish':
          now = await publishAndClose(world, operator, claims, action.uphold, now);
          return;
        case 'payout': {
          const entry = pick(action.claim);
          if (!entry) return;
          const paid = await payoutClaim({ db, claimId: entry.claim.id, actor: operator, now });
          expect(paid.paidFen).toBe(entry.outstandingFen);
          entry.state = 'paid';
          return;
        }
        case 'void':
          await voidGrant({ db, grantId: grant.id, reason: 'model void', actor: operator, now });
          return;
        case 'expire':
          now = new Date(Math.max(now.getTime(), grant.expiresAt.getTime() + DAY_MS));
          await expireGrants({ db, now });
          return;
      }
    };
    try {
      await step();
    } catch (error) {
      if (!(error instanceof DomainError) || !EXPECTED_REFUSALS.has(error.code)) throw error;
    }
  }
  await checkClaims(db, claims);
  await checkInvariants(world, now);
}

/** Lists the program's redeemed claims (公示), optionally upholds an objection to one, closes. */
async function publishAndClose(
  world: ModelWorld,
  operator: ReturnType<typeof actorOf>,
  claims: readonly ModelClaim[],
  uphold: number | null,
  now: Date,
): Promise<Date> {
  const { db, programId } = world;
  const actor = {
    userId: null,
    tenantId: world.operatorTenantId,
    via: 'system' as const,
    requestId: null,
  };
  const period = new Date(now.getTime() + 8 * HOUR_MS).toISOString().slice(0, 7);
  const draft = await createPublication({
    db,
    programId,
    period,
    title: `model ${period}`,
    objectionWindowDays: 1,
    actor,
    now,
  });
  await publishPublication({ db, publicationId: draft.id, actor, now });
  const target = uphold === null ? undefined : claims[uphold % Math.max(claims.length, 1)];
  if (target) {
    const { entries } = await getPublication({
      sql: db,
      publicationId: draft.id,
      operatorTenantId: world.operatorTenantId,
    });
    const entry = entries.find((candidate) => candidate.claimId === target.claim.id);
    if (entry) {
      const objection = await fileObjection({
        db,
        publicationId: draft.id,
        entryId: entry.id,
        body: '模型异议：请核查该条目。',
        submitter: randomUUID(),
        now,
      });
      await resolveObjection({
        db,
        objectionId: objection.id,
        resolution: 'upheld',
        note: 'model',
        actor: { ...actor, userId: operator.userId },
        now,
      });
    }
  }
  const closedAt = new Date(now.getTime() + 2 * DAY_MS);
  await closePublication({ db, publicationId: draft.id, actor, now: closedAt });
  return closedAt;
}

/** The database agrees with the model on every claim's state and what it still holds. */
async function checkClaims(db: Database, claims: readonly ModelClaim[]): Promise<void> {
  if (claims.length === 0) return;
  const rows = await db.query<{
    id: string;
    state: string;
    redeemed_fen: bigint;
    clawed_back_fen: bigint;
    paid_fen: bigint;
  }>(
    'select id, state, redeemed_fen, clawed_back_fen, paid_fen from voucher_claims where id = any($1::uuid[])',
    [claims.map((entry) => entry.claim.id)],
  );
  for (const entry of claims) {
    const row = rows.find((candidate) => candidate.id === entry.claim.id);
    expect(row?.state, entry.claim.id).toBe(entry.state);
    if (entry.state === 'redeemed' || entry.state === 'paid' || entry.state === 'clawed_back') {
      expect((row?.redeemed_fen ?? 0n) - (row?.clawed_back_fen ?? 0n)).toBe(entry.outstandingFen);
    }
  }
}

/**
 * The two invariants, from the claim and grant rows and the ledger's counters directly, and
 * through the production reconciliation (which must agree: no findings).
 */
export async function checkInvariants(world: ModelWorld, now: Date): Promise<void> {
  const { db, programId } = world;
  const [program] = await db.query<
    Record<'treasury' | 'budget' | 'payable' | 'paid_out' | 'receivable' | 'penalty', string>
  >(
    `select treasury_account_id as treasury, budget_account_id as budget, payable_account_id as payable,
            paid_out_account_id as paid_out, receivable_account_id as receivable, penalty_account_id as penalty
       from voucher_programs where program_id = $1`,
    [programId],
  );
  if (!program) throw new Error('program not activated');
  const [expected] = await db.query<{ payable: bigint; reserved: bigint }>(
    `select coalesce(sum(redeemed_fen - clawed_back_fen) filter (where state = 'redeemed'), 0)::int8 as payable,
            coalesce(sum(reserved_fen) filter (where state in ('submitted', 'evidence_complete')), 0)::int8 as reserved
       from voucher_claims where program_id = $1`,
    [programId],
  );
  const accounts = await lookupAccounts({
    sql: db,
    ids: [
      program.treasury,
      program.budget,
      program.payable,
      program.paid_out,
      program.receivable,
      program.penalty,
    ],
  });
  const [treasury, budget, payable, paidOut, receivable, penalty] = accounts;
  const held = (account: (typeof accounts)[number] | undefined): bigint =>
    (account?.creditsPostedFen ?? 0n) - (account?.debitsPostedFen ?? 0n);
  // Every fen of the payable belongs to a redeemed claim (posted) or a submitted one (pending).
  expect(held(payable)).toBe(expected?.payable);
  expect(payable?.creditsPendingFen).toBe(expected?.reserved);
  // Closed grants hold nothing; all grants together hold what they hold.
  const grants = await db.query<{ state: string; account_id: string }>(
    'select state, account_id from voucher_grants where program_id = $1',
    [programId],
  );
  const grantAccounts = await lookupAccounts({
    sql: db,
    ids: grants.map((grant) => grant.account_id),
  });
  let grantsFen = 0n;
  for (const grant of grants) {
    const account = grantAccounts.find((candidate) => candidate.id === grant.account_id);
    grantsFen += held(account);
    if (grant.state !== 'active' && grant.state !== 'exhausted') {
      expect(held(account) - (account?.debitsPendingFen ?? 0n)).toBe(0n);
    }
  }
  const owedBackFen = held(receivable) - (penalty?.debitsPostedFen ?? 0n);
  expect(held(budget) + grantsFen + held(payable) + held(paidOut) + owedBackFen).toBe(
    treasury?.debitsPostedFen,
  );
  const report = await reconcileVouchers({ sql: db, now, programId });
  expect(report.findings).toEqual([]);
}
