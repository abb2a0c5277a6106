import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseProgramYaml } from '../src/contracts/program-yaml.ts';
import { decideModelSubsidy } from '../src/domain/gateway/model-subsidy.ts';
import type { EnterpriseProfile } from '../src/domain/policy/inputs.ts';
import type { ProgramDefinition } from '../src/domain/policy/program.ts';

/**
 * The voucher's part in model calls is the program's, through the policy engine: the MaaS rate
 * rule of the real program files, and a limit that never passes the program's caps or the
 * grant's remainder.
 */

function program(file: string): ProgramDefinition {
  const parsed = parseProgramYaml(
    readFileSync(new URL(`../programs/${file}`, import.meta.url), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.problems)}`);
  return parsed.definition;
}

const hangzhou = program('hangzhou-city-compute.v1.yaml');
const shanghai = program('shanghai-model.v1.yaml');
const enterpriseIn = (usccRegionCode: string): EnterpriseProfile => ({
  id: 'e1',
  usccRegionCode,
  size: 'small',
  foundedOn: '2021-05-01',
  industries: ['I65'],
  creditRecord: 'good',
  relatedPartyIds: [],
});
const filed = { id: 'm', providerId: 'p', filedModel: true, chipOrigin: 'domestic' as const };
const zeroYear = {
  enterpriseYearSubsidyFen: 0n,
  programYearCommittedFen: 0n,
  contractSubsidyFen: 0n,
};
const HANGZHOU_CAP_FEN = 800_000_000n; // ¥8,000,000 per enterprise and year

describe('the voucher’s share of model calls, decided by the program', () => {
  it('takes the program’s MaaS rule: Hangzhou 30 % on a filed model, nothing on one not filed', () => {
    const base = {
      program: hangzhou,
      enterprise: enterpriseIn('330106'),
      yearToDate: zeroYear,
      date: '2025-07-01',
      wantedFen: 1_000n,
      grantAvailableFen: 5_000n,
    };
    expect(decideModelSubsidy({ ...base, model: filed })).toMatchObject({
      rateBps: 3000,
      voucherLimitFen: 1_000n,
    });
    expect(decideModelSubsidy({ ...base, model: { ...filed, filedModel: false } })).toMatchObject({
      rateBps: 0,
      voucherLimitFen: 0n,
    });
  });

  it('gives Shanghai’s 50 % to calls serving the declared AI application, nothing without it', () => {
    const base = {
      program: shanghai,
      enterprise: enterpriseIn('310104'),
      model: filed,
      yearToDate: zeroYear,
      date: '2025-09-01',
      wantedFen: 1_000n,
      grantAvailableFen: 5_000n,
    };
    expect(decideModelSubsidy({ ...base, declared: { purpose: 'ai-application' } }).rateBps).toBe(
      5000,
    );
    expect(decideModelSubsidy(base).rateBps).toBe(0);
  });

  it('never allows more than the caps leave, the grant holds, or the lease asked for', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: HANGZHOU_CAP_FEN + 1_000n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (yearSubsidyFen, wantedFen, grantAvailableFen) => {
          const decision = decideModelSubsidy({
            program: hangzhou,
            enterprise: enterpriseIn('330106'),
            model: filed,
            yearToDate: { ...zeroYear, enterpriseYearSubsidyFen: yearSubsidyFen },
            date: '2025-07-01',
            wantedFen,
            grantAvailableFen,
          });
          const capLeftFen =
            HANGZHOU_CAP_FEN > yearSubsidyFen ? HANGZHOU_CAP_FEN - yearSubsidyFen : 0n;
          expect(decision.voucherLimitFen).toBeGreaterThanOrEqual(0n);
          expect(decision.voucherLimitFen).toBeLessThanOrEqual(capLeftFen);
          expect(decision.voucherLimitFen).toBeLessThanOrEqual(grantAvailableFen);
          expect(decision.voucherLimitFen).toBeLessThanOrEqual(wantedFen);
          if (decision.voucherLimitFen > 0n) expect(decision.rateBps).toBe(3000);
          // Within every bound, the whole of it: nothing the program allows is held back.
          const bound = [capLeftFen, grantAvailableFen, wantedFen].reduce((a, b) =>
            a < b ? a : b,
          );
          expect(decision.voucherLimitFen).toBe(bound);
        },
      ),
      { numRuns: 300 },
    );
  });
});
