import { describe, expect, it } from 'vitest';
import { resolveObjection, validateObjection, validateResolutionNote } from './objection.ts';
import { assertPayoutAllowed } from './payout-gate.ts';

describe('objections', () => {
  it('accepts a reasonable objection and trims it', () => {
    expect(
      validateObjection({ body: '  该企业与服务商为关联方，合同金额虚高。 ', contact: ' ' }),
    ).toEqual({
      body: '该企业与服务商为关联方，合同金额虚高。',
      contact: null,
    });
  });

  it('counts characters, not UTF-16 units, and limits both fields', () => {
    expect(() => validateObjection({ body: '太短了' })).toThrow(/body/);
    expect(validateObjection({ body: '𠀀'.repeat(2000) }).body).toHaveLength(4000);
    expect(() => validateObjection({ body: 'x'.repeat(2001) })).toThrow(/body/);
    expect(() => validateObjection({ body: 'long enough text', contact: 'c'.repeat(201) })).toThrow(
      /contact/,
    );
    expect(() => validateObjection({ body: 'long enough\u0000text' })).toThrow(/control/);
  });

  it('is resolved once: upheld or dismissed', () => {
    expect(resolveObjection('open', 'upheld')).toBe('upheld');
    expect(resolveObjection('open', 'dismissed')).toBe('dismissed');
    expect(() => resolveObjection('dismissed', 'upheld')).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }),
    );
    expect(() => validateResolutionNote('   ')).toThrow(/note/);
  });
});

describe('payout gate', () => {
  it('needs a closed publication', () => {
    expect(() => assertPayoutAllowed('c', [])).toThrow(
      expect.objectContaining({ code: 'PUBLICATION_PENDING' }),
    );
    expect(() =>
      assertPayoutAllowed('c', [
        { kind: 'claim', publicationId: 'p', publicationState: 'published', withdrawn: false },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'PUBLICATION_PENDING',
        details: { claimId: 'c', publicationId: 'p' },
      }),
    );
    expect(
      assertPayoutAllowed('c', [
        { kind: 'claim', publicationId: 'd', publicationState: 'draft', withdrawn: false },
        { kind: 'claim', publicationId: 'p', publicationState: 'closed', withdrawn: false },
      ]),
    ).toBe('p');
  });

  it('a grants list does not open the way; an objection upheld on it blocks every claim of the grant', () => {
    expect(() =>
      assertPayoutAllowed('c', [
        { kind: 'grant', publicationId: 'g', publicationState: 'closed', withdrawn: false },
      ]),
    ).toThrow(expect.objectContaining({ code: 'PUBLICATION_PENDING' }));
    expect(() =>
      assertPayoutAllowed('c', [
        { kind: 'claim', publicationId: 'p', publicationState: 'closed', withdrawn: false },
        { kind: 'grant', publicationId: 'g', publicationState: 'closed', withdrawn: true },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'OBJECTION_UPHELD',
        details: { claimId: 'c', publicationId: 'g' },
      }),
    );
  });

  it('an upheld objection on any publication blocks the payout for good', () => {
    expect(() =>
      assertPayoutAllowed('c', [
        { kind: 'claim', publicationId: 'p', publicationState: 'closed', withdrawn: false },
        { kind: 'claim', publicationId: 'q', publicationState: 'closed', withdrawn: true },
      ]),
    ).toThrow(expect.objectContaining({ code: 'OBJECTION_UPHELD' }));
  });
});
