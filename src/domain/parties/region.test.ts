import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRegionCode, regionCodeProblem, regionContains, regionLevel } from './region.ts';

describe('regionContains', () => {
  it('follows province → city → district prefixes', () => {
    expect(regionContains('330000', '330100')).toBe(true);
    expect(regionContains('330000', '330106')).toBe(true);
    expect(regionContains('330100', '330106')).toBe(true);
    expect(regionContains('330106', '330106')).toBe(true);
    expect(regionContains('330100', '330200')).toBe(false); // Hangzhou does not cover Ningbo
    expect(regionContains('330100', '330000')).toBe(false); // a city does not cover its province
    expect(regionContains('330106', '330100')).toBe(false);
    expect(regionContains('110000', '110108')).toBe(true); // Beijing covers Haidian
    expect(regionContains('520100', '520000')).toBe(false); // Guiyang is not all of Guizhou
  });

  it('contains nothing for malformed codes', () => {
    expect(regionContains('33', '330106')).toBe(false);
    expect(regionContains('330100', '3301')).toBe(false);
    expect(regionContains('990000', '990100')).toBe(false);
  });

  const code = fc
    .tuple(
      fc.constantFrom('11', '33', '42', '51', '52'),
      fc.stringMatching(/^[0-9]{2}$/),
      fc.stringMatching(/^[0-9]{2}$/),
    )
    .map(([p, c, d]) => (c === '00' ? `${p}0000` : `${p}${c}${d}`));

  it('is reflexive and transitive, and the province contains all its codes', () => {
    fc.assert(
      fc.property(code, code, code, (a, b, c) => {
        expect(regionContains(a, a)).toBe(true);
        expect(regionContains(`${a.slice(0, 2)}0000`, a)).toBe(true);
        if (regionContains(a, b) && regionContains(b, c)) expect(regionContains(a, c)).toBe(true);
        if (regionContains(a, b) && regionContains(b, a)) expect(a).toBe(b);
      }),
    );
  });
});

describe('region codes', () => {
  it('checks the shape and names the problem', () => {
    expect(isRegionCode('330106')).toBe(true);
    expect(regionCodeProblem('33010')).toBe('must be 6 digits (GB/T 2260)');
    expect(regionCodeProblem('990000')).toBe('province 99 does not exist');
    expect(regionCodeProblem('330006')).toMatch(/city part/);
  });

  it('knows the level', () => {
    expect(regionLevel('330000')).toBe('province');
    expect(regionLevel('330100')).toBe('city');
    expect(regionLevel('330106')).toBe('district');
  });
});
