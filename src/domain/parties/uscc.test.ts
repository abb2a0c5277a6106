import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  makeUscc,
  normalizeUscc,
  USCC_ALPHABET,
  usccCheckCharacter,
  validateUscc,
} from './uscc.ts';

const alphabetChar = fc.constantFrom(...USCC_ALPHABET.split(''));
const prefix17 = fc
  .tuple(
    fc.constantFrom('1', '5', '9', 'Y', 'N'),
    alphabetChar,
    fc.stringMatching(/^[0-9]{6}$/),
    fc.array(alphabetChar, { minLength: 9, maxLength: 9 }),
  )
  .map(([authority, type, region, org]) => `${authority}${type}${region}${org.join('')}`);

describe('validateUscc', () => {
  it('accepts the worked example of GB 32100-2015', () => {
    // 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4 times weights 1 3 9 27 19 26 16 17 20 29 25 13 8
    // 24 10 30 28 = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28;
    // 31 − 28 = 3 → check character '3'.
    expect(validateUscc('91350100M000100Y43')).toEqual({
      ok: true,
      registrationAuthority: '9',
      entityType: '1',
      regionCode: '350100',
      organizationCode: 'M000100Y4',
    });
  });

  it('accepts published codes of real companies', () => {
    // Alibaba (China) Co., Ltd., Hangzhou: 9 1 3 3 0 1 0 0 7 9 9 6 5 5 0 5 8 weighted =
    // 9+3+27+81+0+26+0+0+140+261+225+78+40+120+0+150+224 = 1384; 1384 mod 31 = 20;
    // 31 − 20 = 11 → 'B'.
    expect(validateUscc('91330100799655058B')).toMatchObject({ ok: true, regionCode: '330100' });
    // Shenzhen Tencent Computer Systems: … 7 0 8 4 6 1 1 3 6 → 'T' (value 26).
    expect(validateUscc('91440300708461136T')).toMatchObject({ ok: true, regionCode: '440300' });
    // Huawei Technologies Co., Ltd., Shenzhen → check '6'.
    expect(validateUscc('914403001922038216')).toMatchObject({ ok: true, regionCode: '440300' });
    // Xiaomi Technology, Beijing Haidian → 'Q'.
    expect(validateUscc('91110108551385082Q')).toMatchObject({ ok: true, regionCode: '110108' });
  });

  it('explains why a code is refused', () => {
    expect(validateUscc('91330100799655058C')).toEqual({
      ok: false,
      reason: 'check character is C, expected B',
    });
    expect(validateUscc('9133010079965505')).toMatchObject({ ok: false });
    expect(validateUscc('91330100799655058b')).toMatchObject({ ok: false });
    expect(validateUscc('9133010079965505OB')).toMatchObject({ ok: false }); // letter O
    expect(validateUscc('Z1330100799655058B')).toMatchObject({ ok: false });
    expect(validateUscc('9133A100799655058B').ok).toBe(false); // region must be digits
  });

  it('normalises user input before validation', () => {
    expect(normalizeUscc(' 91330100799655058b ')).toBe('91330100799655058B');
    expect(normalizeUscc('９１３３０１００７９９６５５０５８Ｂ')).toBe('91330100799655058B');
  });
});

describe('makeUscc', () => {
  it('makes codes that validate', () => {
    fc.assert(
      fc.property(prefix17, (prefix) => {
        const code = makeUscc(prefix);
        expect(code.slice(0, 17)).toBe(prefix);
        expect(validateUscc(code).ok).toBe(true);
      }),
    );
  });

  it('refuses prefixes that are not 17 characters of the alphabet', () => {
    expect(() => makeUscc('91330100')).toThrow(RangeError);
    expect(() => makeUscc('9133010079965505I')).toThrow(RangeError);
    expect(usccCheckCharacter('9133010079965505S')).toBeNull();
  });

  it('catches every change of a single character', () => {
    fc.assert(
      fc.property(
        prefix17,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 30 }),
        (prefix, position, shift) => {
          const code = makeUscc(prefix);
          const old = USCC_ALPHABET.indexOf(code.charAt(position));
          const replacement = USCC_ALPHABET.charAt((old + shift) % 31);
          const changed = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(changed).not.toBe(code);
          expect(validateUscc(changed).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('catches every swap of two different neighbours among the first 17 characters', () => {
    fc.assert(
      fc.property(prefix17, fc.integer({ min: 0, max: 15 }), (prefix, position) => {
        const code = makeUscc(prefix);
        const a = code.charAt(position);
        const b = code.charAt(position + 1);
        fc.pre(a !== b);
        const swapped = code.slice(0, position) + b + a + code.slice(position + 2);
        expect(validateUscc(swapped).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
