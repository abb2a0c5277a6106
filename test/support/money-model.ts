/**
 * The no-stranded-money model (issue 17, item 1): random sequences of voucher lifecycle actions
 * through the real services and the real publication flow, against a small model of what each
 * claim should be, and the invariants checked after every sequence:
 * - every fen in the payable (posted or reserved) belongs to a claim whose state moves it later,
 *   and a closed grant holds nothing (checked here from the rows, and by `reconcileVouchers`);
 * - budget + grants + payable + paid + owed back = funded.
 */
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
import { publicActor } from '../../src/services/authz/index.ts';
import { sharedTestEvidenceStore } from './test-evidence-store.ts';
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
  redeemClaim,
  rejectClaim,
  voidGrant,
  type Claim,
  type Grant,
} from '../../src/services/vouchers/index.ts';
import { EXPECTED_REFUSALS, type ModelAction } from './money-actions.ts';
import { checkClaims, checkInvariants } from './money-invariants.ts';
import { publishTestProgram, testEnterprise, testProvider } from './publication-fixtures.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Every sequence starts here (sequences of one world share a program, not their entities). */
export const MODEL_START = new Date('2026-03-02T02:00:00Z');

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
export interface ModelClaim {
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
            store: sharedTestEvidenceStore(),
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
  const actor = operator;
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
      actor,
    });
    const entry = entries.find((candidate) => candidate.claimId === target.claim.id);
    if (entry) {
      const objection = await fileObjection({
        db,
        publicationId: draft.id,
        entryId: entry.id,
        body: '模型异议：请核查该条目。',
        submitter: randomUUID(),
        actor: publicActor,
        now,
      });
      await resolveObjection({
        db,
        objectionId: objection.id,
        resolution: 'upheld',
        note: 'model',
        actor,
        now,
      });
    }
  }
  const closedAt = new Date(now.getTime() + 2 * DAY_MS);
  await closePublication({ db, publicationId: draft.id, actor, now: closedAt });
  return closedAt;
}
