import { DomainError } from '../shared/errors.ts';

/**
 * Which invoice a claim's invoice is. A Chinese VAT invoice is identified by:
 * - a 20-digit number alone: the fully digital invoice (数电票 / 全电发票, since 2021), whose
 *   number is unique nationwide and which has no invoice code;
 * - an 8-digit number with its 10- or 12-digit invoice code (发票代码): the paper-era and
 *   electronic VAT invoices, whose numbers restart in every batch, so two invoices share a
 *   number and are told apart only by the code.
 */
export interface InvoiceIdentity {
  /** 10 or 12 digits for an 8-digit number; null for a 20-digit number. */
  code: string | null;
  number: string;
}

/** Full-width digits become ASCII; spaces (printed between groups) are dropped. */
function compactDigits(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * Validates and normalises an invoice's number and code: an 8-digit number needs its code
 * (10 or 12 digits), a 20-digit number takes none. VALIDATION_FAILED names the field at fault.
 *
 * @example
 * invoiceIdentity({ number: '1234 5678', code: '033002100611' }) // { code: '033002100611', number: '12345678' }
 * invoiceIdentity({ number: '25332000000012345678' })            // { code: null, number: '25332000000012345678' }
 */
export function invoiceIdentity(input: {
  number: string;
  code?: string | undefined;
}): InvoiceIdentity {
  const number = compactDigits(input.number);
  const code = input.code === undefined ? '' : compactDigits(input.code);
  if (/^\d{20}$/u.test(number)) {
    if (code !== '') {
      throw new DomainError(
        'VALIDATION_FAILED',
        'invoiceCode: a 20-digit (数电票) invoice number has no invoice code',
        { field: 'invoiceCode' },
      );
    }
    return { code: null, number };
  }
  if (!/^\d{8}$/u.test(number)) {
    throw new DomainError('VALIDATION_FAILED', 'invoiceNumber: 8 or 20 digits', {
      field: 'invoiceNumber',
    });
  }
  if (!/^(\d{10}|\d{12})$/u.test(code)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'invoiceCode: 10 or 12 digits, required with an 8-digit invoice number',
      { field: 'invoiceCode' },
    );
  }
  return { code, number };
}

/** How the invoice is written for people: `code-number`, or the 20-digit number. */
export function invoiceLabel(identity: InvoiceIdentity): string {
  return identity.code === null ? identity.number : `${identity.code}-${identity.number}`;
}
