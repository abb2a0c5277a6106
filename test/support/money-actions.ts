/** The random lifecycle actions of the no-stranded-money model (money-model.ts). */
import fc from 'fast-check';

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
export const EXPECTED_REFUSALS = new Set([
  'INVALID_STATE_TRANSITION',
  'GRANT_EXPIRED',
  'INSUFFICIENT_BALANCE',
  'POLICY_REJECTED',
  'PUBLICATION_PENDING',
  'OBJECTION_UPHELD',
  'CONFLICT',
]);
