import { describe, expect, it } from 'vitest';
import type { DomainError } from '../shared/errors.ts';
import { checkFileName, storedFileName } from './evidence-file-name.ts';
import { createActiveContentScanner, sniffEvidenceHead } from './evidence-file-type.ts';
import { isOfdPackage, locateCentralDirectory, zipEntryNames } from './evidence-zip.ts';
import { storedZip } from '../../../test/support/zip-fixture.ts';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe('file names', () => {
  const codeOf = (name: string): string => {
    try {
      checkFileName(name, 'filename');
      return 'ok';
    } catch (error) {
      return (error as DomainError).code;
    }
  };
  it('refuses bidi overrides, isolates, marks and control characters, naming the code point', () => {
    for (const bad of [
      '测试\u202Egnp.exe',
      'a\u2067b.pdf',
      'a\u200Fb.pdf',
      'a\u0007.pdf',
      'a\nb.pdf',
      'a\u0085.pdf',
    ]) {
      expect(codeOf(bad), JSON.stringify(bad)).toBe('FILENAME_UNSAFE');
    }
    expect(() => checkFileName('测试\u202Egnp.exe', 'filename')).toThrow(/U\+202E/u);
    expect(codeOf('发票（2026年3月）"杭州"\'s (final).pdf')).toBe('ok');
    expect(codeOf('a/b.pdf')).toBe('VALIDATION_FAILED');
  });
  it('gives the stored name the extension of the detected type', () => {
    expect(storedFileName('scan.JPG', ['jpg', 'jpeg'])).toBe('scan.JPG');
    expect(storedFileName('invoice.hta', ['xml'])).toBe('invoice.xml');
    expect(storedFileName('银行回单', ['pdf'])).toBe('银行回单.pdf');
    expect(storedFileName('report.2026', ['pdf'])).toBe('report.2026.pdf');
    expect(storedFileName('x'.repeat(200), ['pdf'])).toHaveLength(200);
  });
});

describe('file types from the bytes', () => {
  it('knows PDF, PNG, JPEG, a ZIP and a declared XML e-invoice', () => {
    expect(sniffEvidenceHead(text('%PDF-1.7\n'))).toEqual({ verdict: 'type', type: 'pdf' });
    expect(
      sniffEvidenceHead(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])),
    ).toEqual({ verdict: 'type', type: 'png' });
    expect(sniffEvidenceHead(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toEqual({
      verdict: 'type',
      type: 'jpeg',
    });
    expect(sniffEvidenceHead(storedZip(['OFD.xml']))).toEqual({ verdict: 'zip' });
    expect(
      sniffEvidenceHead(
        text('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- 数电票 --><EInvoice/>'),
      ),
    ).toEqual({ verdict: 'type', type: 'xml' });
  });
  it('refuses markup that is not a declared XML document or whose root a browser would run', () => {
    for (const bad of [
      '<html><script>alert(1)</script></html>',
      '<HTA:APPLICATION/><script>x</script>',
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
      '<?xml version="1.0"?><!DOCTYPE html><html/>',
      '<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><Invoice/>',
      '<?xml version="1.0"?><xsl:stylesheet/>',
      'MZ\u0090\u0000',
      '',
    ]) {
      expect(sniffEvidenceHead(text(bad)).verdict, bad).toBe('refused');
    }
  });
  it('finds active content anywhere, also split across chunks and in upper case', () => {
    const scanner = createActiveContentScanner();
    scanner.push('<?xml version="1.0"?><Invoice><description>ok</description><SCR');
    expect(scanner.found()).toBeNull();
    scanner.push('IPT>alert(1)</SCRIPT></Invoice>');
    expect(scanner.found()).toBe('<script');
  });
  it('tells an OFD package from another ZIP by its central directory', () => {
    for (const [names, ofd] of [
      [['OFD.xml', 'Doc_0/Document.xml'], true],
      [['word/document.xml', '[Content_Types].xml'], false],
    ] as const) {
      const zip = storedZip(names);
      const located = locateCentralDirectory(zip, zip.length);
      expect(located).not.toBeNull();
      const directory = zip.subarray(located!.offset, located!.offset + located!.sizeBytes);
      expect(zipEntryNames(directory)).toEqual(names);
      expect(isOfdPackage(zipEntryNames(directory))).toBe(ofd);
    }
    expect(locateCentralDirectory(text('PK\u0003\u0004 truncated'), 14)).toBeNull();
  });
});
