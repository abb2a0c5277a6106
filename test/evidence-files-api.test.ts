import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEvidenceHarness,
  pdfBytes,
  pngBytes,
  type EvidenceHarness,
} from './support/evidence-fixtures.ts';
import { storedZip } from './support/zip-fixture.ts';

/**
 * Issue 17, item 8: evidence names and types. A name that hides its extension behind a bidi
 * override or holds control characters is refused; the type comes from the bytes, not from the
 * name or the declared Content-Type; markup a browser or Windows would run is refused even when
 * it starts with `<`; the stored name carries the detected type's extension.
 */

let e: EvidenceHarness;
const text = (value: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(value);

interface ErrorBody {
  error: { code: string; details: Record<string, unknown> };
}
interface Stored {
  id: string;
  filename: string;
  contentType: string;
}

beforeAll(async () => {
  e = await createEvidenceHarness();
});
afterAll(async () => {
  await e.h.close();
});

async function expectRefused(response: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: body.error.code }, JSON.stringify(body)).toEqual({
    status,
    code,
  });
  return body;
}

describe('evidence file names', () => {
  it('refuses 测试\\u202Egnp.exe (shown as 测试exe.png) with 400 FILENAME_UNSAFE naming the field', async () => {
    const claimId = await e.draftClaim('A');
    const response = await e.upload('A', claimId, {
      filename: '测试\u202Egnp.exe',
      contentType: 'image/png',
      body: pngBytes(),
    });
    const body = await expectRefused(response, 400, 'FILENAME_UNSAFE');
    expect(body.error.details).toMatchObject({ field: 'filename', codePoint: 'U+202E' });
    const list = await e.get('A', `/api/v1/claims/${claimId}/attachments`);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses control characters and the other bidi marks', async () => {
    const claimId = await e.draftClaim('A');
    for (const [filename, codePoint] of [
      ['发票\u0007.pdf', 'U+0007'],
      ['bank\r\nslip.pdf', 'U+000D'],
      ['合同\u2066fdp.exe\u2069.pdf', 'U+2066'],
    ] as const) {
      const body = await expectRefused(
        await e.upload('A', claimId, { filename, body: pdfBytes('x') }),
        400,
        'FILENAME_UNSAFE',
      );
      expect(body.error.details).toMatchObject({ field: 'filename', codePoint });
    }
  });
});

describe('evidence types from the bytes', () => {
  it('refuses an .hta or .html that starts with `<`, whatever type it is declared as', async () => {
    const claimId = await e.draftClaim('A');
    const hta =
      '<HTA:APPLICATION ID="x"/><html><script>new ActiveXObject("WScript.Shell").Run("calc")</script></html>';
    for (const [filename, contentType] of [
      ['invoice.hta', 'application/xml'],
      ['invoice.hta', 'text/xml'],
      ['invoice.html', 'application/xml'],
      ['invoice.xml', 'application/octet-stream'],
    ] as const) {
      await expectRefused(
        await e.upload('A', claimId, { filename, contentType, body: text(hta) }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    }
    // An XML declaration in front does not make HTML, SVG or script acceptable.
    for (const markup of [
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<?xml version="1.0"?><Invoice><h:script xmlns:h="http://www.w3.org/1999/xhtml">x</h:script></Invoice>',
    ]) {
      await expectRefused(
        await e.upload('A', claimId, {
          filename: 'einvoice.xml',
          contentType: 'application/xml',
          body: text(markup),
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    }
  });

  it('accepts an XML e-invoice, an OFD, a PDF, a PNG and a JPEG, typed from their bytes', async () => {
    const claimId = await e.draftClaim('A');
    const cases = [
      {
        filename: '数电票.xml',
        contentType: 'text/xml',
        body: text(
          '<?xml version="1.0" encoding="UTF-8"?>\n<EInvoice><Header><EIid>25332000000012345678</EIid></Header><Description>算力服务</Description></EInvoice>',
        ),
        expected: { filename: '数电票.xml', contentType: 'application/xml' },
      },
      {
        filename: '发票.ofd',
        contentType: 'application/ofd',
        body: storedZip(['OFD.xml', 'Doc_0/Document.xml']),
        expected: { filename: '发票.ofd', contentType: 'application/ofd' },
      },
      {
        filename: '回单.PDF',
        contentType: 'application/pdf',
        body: pdfBytes('bank slip'),
        expected: { filename: '回单.PDF', contentType: 'application/pdf' },
      },
      {
        filename: '验收照片',
        contentType: 'application/octet-stream',
        body: pngBytes(),
        expected: { filename: '验收照片.png', contentType: 'image/png' },
      },
      {
        filename: 'scan.jpeg',
        contentType: 'image/jpeg',
        body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]),
        expected: { filename: 'scan.jpeg', contentType: 'image/jpeg' },
      },
    ];
    for (const { expected, ...upload } of cases) {
      const response = await e.upload('A', claimId, upload);
      expect(response.status, await response.clone().text()).toBe(201);
      expect(await response.json()).toMatchObject(expected);
    }
  });

  it('refuses a ZIP that is not an OFD, unknown bytes, and a type the bytes contradict', async () => {
    const claimId = await e.draftClaim('A');
    for (const upload of [
      {
        filename: 'contract.ofd',
        contentType: 'application/ofd',
        body: storedZip(['word/document.xml']),
      },
      {
        filename: 'setup.pdf',
        contentType: 'application/pdf',
        body: text('MZ\u0090\u0000 not a pdf'),
      },
      { filename: 'photo.png', contentType: 'image/png', body: pdfBytes('renamed') },
    ]) {
      await expectRefused(await e.upload('A', claimId, upload), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('stores the name with the detected type’s extension and downloads it under that name', async () => {
    const claimId = await e.draftClaim('A');
    const response = await e.upload('A', claimId, {
      filename: 'invoice.hta',
      contentType: 'application/pdf',
      body: pdfBytes('a PDF named .hta'),
    });
    expect(response.status).toBe(201);
    const stored = (await response.json()) as Stored;
    expect(stored).toMatchObject({ filename: 'invoice.pdf', contentType: 'application/pdf' });
    const download = await e.get('A', `/api/v1/claims/${claimId}/attachments/${stored.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="invoice.pdf"; filename*=UTF-8''invoice.pdf`,
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdfBytes('a PDF named .hta'));
  });
});
