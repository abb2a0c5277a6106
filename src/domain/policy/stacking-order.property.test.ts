import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stackingOrder } from './evaluate-purchase.ts';
import { regionLevel, type ProgramDefinition } from './program.ts';

// `stackingOrder` sorts by hand (an insertion sort); it must give what the stated order gives
// through Array#sort: by amount alone (highest first), then province, city, district, then id.
const levelOrder = { province: 0, city: 1, district: 2 } as const;

function statedOrder(programs: readonly ProgramDefinition[], aloneFen: Map<string, bigint>) {
  return [...programs].sort((a, b) => {
    const fenA = aloneFen.get(a.id) ?? 0n;
    const fenB = aloneFen.get(b.id) ?? 0n;
    if (fenA !== fenB) return fenB > fenA ? 1 : -1;
    const levels = levelOrder[regionLevel(a.regionCode)] - levelOrder[regionLevel(b.regionCode)];
    if (levels !== 0) return levels;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

const programsArbitrary = fc.uniqueArray(
  fc.record({
    id: fc.stringMatching(/^[a-e]{1,3}$/),
    regionCode: fc.constantFrom('330000', '330100', '330106', '110000', '110108'),
    // Few distinct amounts, so that ties (most programs give nothing) are common.
    aloneFen: fc.option(fc.constantFrom(0n, 1n, 500n, 10_000n), { nil: undefined }),
  }),
  { selector: (program) => program.id, maxLength: 24 },
);

describe('stackingOrder', () => {
  it('orders as the stated comparison does with Array#sort', () => {
    fc.assert(
      fc.property(programsArbitrary, (drawn) => {
        const programs = drawn.map(
          (program) => ({ id: program.id, regionCode: program.regionCode }) as ProgramDefinition,
        );
        const aloneFen = new Map<string, bigint>();
        for (const program of drawn) {
          if (program.aloneFen !== undefined) aloneFen.set(program.id, program.aloneFen);
        }
        expect(stackingOrder(programs, aloneFen)).toEqual(statedOrder(programs, aloneFen));
      }),
      { numRuns: 500 },
    );
  });
});
