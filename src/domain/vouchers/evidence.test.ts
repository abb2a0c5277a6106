import { describe, expect, it } from 'vitest';
import type { DomainError } from '../shared/errors.ts';
import { MAX_ATTACHMENT_BYTES, checkAttachment, missingEvidence } from './evidence.ts';
import { endOfShanghaiDay } from '../shared/calendar.ts';
import { reachedWarnings } from './expiry.ts';

const pdf = new TextEncoder().encode('%PDF-1.7\n…');

describe('attachments', () => {
  it('accepts a PDF invoice and names its kind', () => {
    expect(
      checkAttachment({
        kind: 'invoice',
        filename: '发票.pdf',
        contentType: 'application/pdf',
        bytes: pdf,
      }),
    ).toBe('invoice');
  });

  it('refuses an unknown type, a renamed file, an oversized or empty file and a path', () => {
    const code = (input: Parameters<typeof checkAttachment>[0]): string => {
      try {
        checkAttachment(input);
        return 'ok';
      } catch (error) {
        return (error as DomainError).code;
      }
    };
    const base = { kind: 'invoice', filename: 'a.pdf', contentType: 'application/pdf', bytes: pdf };
    expect(code({ ...base, contentType: 'application/zip' })).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(code({ ...base, contentType: 'image/png' })).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(code({ ...base, bytes: new Uint8Array(MAX_ATTACHMENT_BYTES + 1) })).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(code({ ...base, bytes: new Uint8Array() })).toBe('VALIDATION_FAILED');
    expect(code({ ...base, filename: '../etc/passwd' })).toBe('VALIDATION_FAILED');
    expect(code({ ...base, kind: 'selfie' })).toBe('VALIDATION_FAILED');
    expect(
      code({
        ...base,
        contentType: 'application/xml',
        bytes: new TextEncoder().encode('\uFEFF <Invoice/>'),
      }),
    ).toBe('ok');
  });

  it('knows which evidence is still missing', () => {
    expect(missingEvidence(['invoice'])).toEqual(['payment', 'delivery']);
    expect(missingEvidence(['delivery', 'payment', 'invoice', 'contract'])).toEqual([]);
  });
});

describe('expiry warnings', () => {
  const expiresAt = endOfShanghaiDay('2025-12-31'); // 2025-12-31T15:59:59.999Z
  it('reaches 30, 14, 7 and 0 days in turn', () => {
    expect(reachedWarnings(expiresAt, new Date('2025-11-01T00:00:00Z'))).toEqual([]);
    expect(reachedWarnings(expiresAt, new Date('2025-12-02T00:00:00Z'))).toEqual([30]);
    expect(reachedWarnings(expiresAt, new Date('2025-12-18T00:00:00Z'))).toEqual([30, 14]);
    expect(reachedWarnings(expiresAt, new Date('2025-12-25T00:00:00Z'))).toEqual([30, 14, 7]);
    expect(reachedWarnings(expiresAt, new Date('2025-12-31T16:00:00Z'))).toEqual([30, 14, 7, 0]);
  });
  it('ends a Shanghai day at 15:59:59.999 UTC', () => {
    expect(expiresAt.toISOString()).toBe('2025-12-31T15:59:59.999Z');
  });
});
