import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { invoiceIdentity, invoiceLabel } from './invoice-identity.ts';

function refusedField(input: { number: string; code?: string }): unknown {
  try {
    invoiceIdentity(input);
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('VALIDATION_FAILED');
    return error.details.field;
  }
}

describe('invoice identity', () => {
  it('takes a 20-digit (数电票) number alone', () => {
    expect(invoiceIdentity({ number: '25332000000012345678' })).toEqual({
      code: null,
      number: '25332000000012345678',
    });
    expect(refusedField({ number: '25332000000012345678', code: '3300251130' })).toBe(
      'invoiceCode',
    );
  });

  it('takes an 8-digit number with its 10- or 12-digit code, spaces and full-width digits normalised', () => {
    expect(invoiceIdentity({ number: '1234 5678', code: '３３００２５１１３０' })).toEqual({
      code: '3300251130',
      number: '12345678',
    });
    expect(invoiceIdentity({ number: '12345678', code: '033002500111' }).code).toBe('033002500111');
    expect(refusedField({ number: '12345678' })).toBe('invoiceCode');
    expect(refusedField({ number: '12345678', code: '12345678901' })).toBe('invoiceCode');
    expect(refusedField({ number: '12345678', code: 'ABCDEFGHIJ' })).toBe('invoiceCode');
  });

  it('refuses other numbers', () => {
    for (const number of ['', '1234567', '123456789', 'ABCDEFGH', '1234567890123456789']) {
      expect(refusedField({ number, code: '3300251130' }), number).toBe('invoiceNumber');
    }
  });

  it('writes the code before the number', () => {
    expect(invoiceLabel({ code: '3300251130', number: '12345678' })).toBe('3300251130-12345678');
    expect(invoiceLabel({ code: null, number: '25332000000012345678' })).toBe(
      '25332000000012345678',
    );
  });
});
