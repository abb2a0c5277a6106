import { describe, expect, it } from 'vitest';
import type { DomainError } from '../shared/errors.ts';
import {
  MAX_ATTACHMENT_BYTES,
  agreedContentType,
  checkAttachmentRequest,
  missingEvidence,
} from './evidence.ts';
import { endOfShanghaiDay } from '../shared/calendar.ts';
import { reachedWarnings } from './expiry.ts';

const code = (run: () => unknown): string => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('attachments', () => {
  it('accepts an invoice declared as PDF and names its kind', () => {
    expect(
      checkAttachmentRequest({
        kind: 'invoice',
        filename: '发票.pdf',
        contentType: 'application/pdf',
      }),
    ).toBe('invoice');
  });

  it('refuses an unknown type, an oversized or empty declared size, a path and a bidi name', () => {
    const base = { kind: 'invoice', filename: 'a.pdf', contentType: 'application/pdf' };
    const check = (input: Partial<Parameters<typeof checkAttachmentRequest>[0]>) =>
      code(() => checkAttachmentRequest({ ...base, ...input }));
    expect(check({ contentType: 'application/zip' })).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(check({ declaredSizeBytes: MAX_ATTACHMENT_BYTES + 1 })).toBe('PAYLOAD_TOO_LARGE');
    expect(check({ declaredSizeBytes: 0 })).toBe('VALIDATION_FAILED');
    expect(check({ filename: '../etc/passwd' })).toBe('VALIDATION_FAILED');
    expect(check({ filename: '测试\u202Egnp.exe' })).toBe('FILENAME_UNSAFE');
    expect(check({ kind: 'selfie' })).toBe('VALIDATION_FAILED');
    expect(check({ contentType: 'application/octet-stream' })).toBe('ok');
  });

  it('stores the detected type when the declared one agrees, and refuses a renamed file', () => {
    expect(agreedContentType('application/pdf', 'pdf')).toBe('application/pdf');
    expect(agreedContentType('text/xml', 'xml')).toBe('application/xml');
    expect(agreedContentType('application/octet-stream', 'ofd')).toBe('application/ofd');
    expect(code(() => agreedContentType('image/png', 'pdf'))).toBe('UNSUPPORTED_MEDIA_TYPE');
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
