import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { CONTRACT_ID_SEPARATORS, contractKey } from './contract-identity.ts';

const isSeparator = (codePoint: number): boolean =>
  CONTRACT_ID_SEPARATORS.some(([from, to]) => codePoint >= from && codePoint <= to);

/** ASCII letters, digits and the punctuation contract ids use, as typed. */
const idCharacter = fc.constantFrom(
  ...Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_.()#第号合同'),
);
const contractId = fc
  .array(idCharacter, { minLength: 1, maxLength: 30 })
  .map((chars) => chars.join(''));
const separator = fc.constantFrom(
  ...CONTRACT_ID_SEPARATORS.flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, offset) => String.fromCodePoint(from + offset)),
  ),
);

/** The full-width form of printable ASCII (U+FF01–U+FF5E), as Chinese input methods type it. */
const fullWidth = (text: string): string =>
  text.replace(/[!-~]/gu, (char) => String.fromCodePoint((char.codePointAt(0) ?? 0) + 0xfee0));

describe('contract key', () => {
  it('ignores case, full-width forms, spaces and every kind of dash', () => {
    for (const written of [
      'ZJZS-2025-0611',
      'zjzs-2025-0611',
      'ＺＪＺＳ－２０２５－０６１１',
      'ZJZS 2025 0611',
      ' ZJZS\u3000-\u00A02025—0611 ',
      'ZJZS‐2025‑0611',
      'ZJZS−2025–0611',
      'Zjzs\u200B2025\uFE630611',
    ]) {
      expect(contractKey(written), written).toBe('zjzs20250611');
    }
    expect(contractKey('杭州合同（第１２号）')).toBe('杭州合同(第12号)');
    expect(contractKey('HT/2025.07')).not.toBe(contractKey('HT2025.07'));
  });

  it('refuses an id with nothing but dashes and spaces', () => {
    for (const blank of ['-', ' — ', '\u3000－\u2212']) {
      expect(() => contractKey(blank)).toThrow(DomainError);
    }
  });

  it('counts every Unicode dash and white-space character as a separator', () => {
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += 1) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const char = String.fromCodePoint(codePoint);
      if (/[\p{Pd}\p{White_Space}]/u.test(char)) {
        // Either listed, or NFKC turns it into a listed one (e.g. U+FE58 → U+2014).
        const folded = char.normalize('NFKC');
        expect(
          Array.from(folded).every((part) => isSeparator(part.codePointAt(0) ?? 0)),
          `U+${codePoint.toString(16)}`,
        ).toBe(true);
      }
    }
  });

  it('is stable: the key of a key is itself', () => {
    fc.assert(
      fc.property(contractId, (id) => {
        const key = contractKey(id);
        expect(contractKey(key)).toBe(key);
      }),
    );
  });

  it('does not change when the id is retyped in another case, in full width, or with separators', () => {
    fc.assert(
      fc.property(
        contractId,
        fc.array(fc.tuple(fc.nat(), separator), { maxLength: 6 }),
        fc.constantFrom('as is', 'upper', 'lower', 'full width'),
        (id, inserted, retype) => {
          const written = {
            'as is': id,
            upper: id.toUpperCase(),
            lower: id.toLowerCase(),
            'full width': fullWidth(id),
          }[retype];
          // By code points, so an inserted character never splits a surrogate pair.
          const chars = Array.from(written);
          for (const [position, char] of inserted) {
            chars.splice(position % (chars.length + 1), 0, char);
          }
          expect(contractKey(chars.join(''))).toBe(contractKey(id));
        },
      ),
    );
  });

  it('keeps ids apart that differ in a letter or digit', () => {
    fc.assert(
      fc.property(contractId, contractId, (a, b) => {
        fc.pre(a.toLowerCase() !== b.toLowerCase());
        expect(contractKey(a)).not.toBe(contractKey(b));
      }),
    );
  });
});
