import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ActorName, type ApiHarness } from './support/api-harness.ts';
import { draftedClaim, grantFor, setUpClaims } from './support/claim-fixtures.ts';

/**
 * Reading a claim's evidence back over HTTP: the list of files and the download of one, with
 * the bytes exactly as uploaded and headers that keep a file from running in our origin.
 */

// Quotes, parentheses and an apostrophe: characters RFC 5987 must percent-encode.
const FILENAME = '发票（2026年3月）"杭州"\'s (final).pdf';

const DOWNLOAD_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'x-content-type-options',
  'content-security-policy',
  'cache-control',
] as const;

let h: ApiHarness;
let providerId: string;
let grantId: string;

/** A PDF header, then bytes that are not valid UTF-8 (0x80–0xff) and UTF-8 Chinese text. */
const fileBytes = (tag: string): Uint8Array<ArrayBuffer> =>
  new Uint8Array([
    ...new TextEncoder().encode('%PDF-1.7\n'),
    ...Array.from({ length: 128 }, (_, i) => 0x80 + i),
    ...new TextEncoder().encode(`\n增值税电子普通发票 ${tag}\n%%EOF`),
  ]);

/** Requests with raw bytes in and out: the harness's client speaks text. */
async function request(
  actor: ActorName,
  method: 'GET' | 'POST',
  path: string,
  body?: Uint8Array<ArrayBuffer>,
): Promise<Response> {
  const { sessionToken, csrfToken } = h.actors[actor];
  return h.app.request(path, {
    method,
    headers: {
      cookie: `suanli_session=${sessionToken}; suanli_csrf=${csrfToken}`,
      'x-csrf-token': csrfToken,
      ...(body ? { 'content-type': 'application/pdf' } : {}),
    },
    body: body ?? null,
  });
}

function draftClaim(contractId: string): Promise<string> {
  return draftedClaim(h.as('enterprise-admin@A'), { grantId, providerId, contractId });
}

async function upload(
  claimId: string,
  filename: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const query = new URLSearchParams({ kind: 'delivery', filename });
  const response = await request(
    'enterprise-admin@A',
    'POST',
    `/api/v1/claims/${claimId}/attachments?${query.toString()}`,
    bytes,
  );
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  h = await createApiHarness();
  // Operator A publishes the program through the API, so the program is operator A's.
  ({ providerA: providerId } = await setUpClaims(h));
  grantId = await grantFor(h, 'A');
});
afterAll(async () => {
  await h.close();
});

describe('claim evidence over HTTP', () => {
  it('lists a claim’s files in upload order and downloads the exact bytes with safe headers', async () => {
    const claimId = await draftClaim('HZ-ATT-0001');
    const bytes = fileBytes('A');
    const firstId = await upload(claimId, FILENAME, bytes);
    const secondId = await upload(claimId, 'delivery-2.pdf', fileBytes('B'));

    const list = await h.as('reviewer@A').get(`/api/v1/claims/${claimId}/attachments`);
    expect(list.status, list.text).toBe(200);
    expect(list.json()).toEqual({
      items: [
        {
          id: firstId,
          claimId,
          kind: 'delivery',
          filename: FILENAME,
          contentType: 'application/pdf',
          sizeBytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          uploadedBy: h.actors['enterprise-admin@A'].userId,
          createdAt: h.clock.now().toISOString(),
        },
        expect.objectContaining({ id: secondId, filename: 'delivery-2.pdf' }),
      ],
      nextCursor: null,
    });
    // Pages like every list: one file a page, the cursor leads to the second.
    const first = await h
      .as('enterprise-member@A')
      .get(`/api/v1/claims/${claimId}/attachments?limit=1`);
    const page = first.json<{ items: { id: string }[]; nextCursor: string }>();
    expect(page.items.map((item) => item.id)).toEqual([firstId]);
    const next = await h
      .as('enterprise-member@A')
      .get(`/api/v1/claims/${claimId}/attachments?limit=1&cursor=${page.nextCursor}`);
    expect(next.json()).toMatchObject({ items: [{ id: secondId }], nextCursor: null });

    // The reviewer, the enterprise and the contract's provider download the same bytes.
    for (const actor of ['reviewer@A', 'enterprise-admin@A', 'provider-admin@A'] as const) {
      const response = await request(
        actor,
        'GET',
        `/api/v1/claims/${claimId}/attachments/${firstId}`,
      );
      expect(response.status, actor).toBe(200);
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
      const headers = Object.fromEntries(
        DOWNLOAD_HEADERS.map((name) => [name, response.headers.get(name)]),
      );
      expect(headers).toEqual({
        'content-type': 'application/pdf',
        'content-length': String(bytes.length),
        'content-disposition':
          'attachment; filename="___2026_3______\'s (final).pdf"; ' +
          "filename*=UTF-8''%E5%8F%91%E7%A5%A8%EF%BC%882026%E5%B9%B43%E6%9C%88%EF%BC%89%22%E6%9D%AD%E5%B7%9E%22%27s%20%28final%29.pdf",
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, no-store',
      });
    }
    // The RFC 5987 value decodes back to the stored name.
    expect(
      decodeURIComponent(
        '%E5%8F%91%E7%A5%A8%EF%BC%882026%E5%B9%B43%E6%9C%88%EF%BC%89%22%E6%9D%AD%E5%B7%9E%22%27s%20%28final%29.pdf',
      ),
    ).toBe(FILENAME);
  });

  it('is 404 to other tenants and for another claim’s attachment id; bad ids are 400', async () => {
    const claimId = await draftClaim('HZ-ATT-0002');
    const attachmentId = await upload(claimId, 'invoice.pdf', fileBytes('C'));
    const otherClaimId = await draftClaim('HZ-ATT-0003');
    const otherAttachmentId = await upload(otherClaimId, 'other.pdf', fileBytes('D'));

    // Another enterprise, another operator tenant's staff, a provider not on the contract.
    for (const actor of [
      'enterprise-admin@B',
      'reviewer@B',
      'auditor@B',
      'provider-admin@B',
    ] as const) {
      const list = await h.as(actor).get(`/api/v1/claims/${claimId}/attachments`);
      expect([list.status, list.errorCode], actor).toEqual([404, 'NOT_FOUND']);
      const file = await h.as(actor).get(`/api/v1/claims/${claimId}/attachments/${attachmentId}`);
      expect([file.status, file.errorCode], actor).toEqual([404, 'NOT_FOUND']);
      expect(file.text).not.toContain('PDF');
    }
    // A reader of claim 1 cannot reach claim 2's file through claim 1's path.
    const crossed = await h
      .as('enterprise-admin@A')
      .get(`/api/v1/claims/${claimId}/attachments/${otherAttachmentId}`);
    expect([crossed.status, crossed.errorCode]).toEqual([404, 'NOT_FOUND']);
    // An unknown claim is 404 too, not an empty list.
    const unknown = await h
      .as('reviewer@A')
      .get('/api/v1/claims/01900000-0000-7000-8000-000000000000/attachments');
    expect(unknown.errorCode).toBe('NOT_FOUND');
    const badId = await h.as('reviewer@A').get(`/api/v1/claims/${claimId}/attachments/not-a-uuid`);
    expect([badId.status, badId.errorCode]).toEqual([400, 'VALIDATION_FAILED']);
    const badCursor = await h
      .as('reviewer@A')
      .get(`/api/v1/claims/${claimId}/attachments?cursor=bm9wZQ`);
    expect([badCursor.status, badCursor.errorCode]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('is described in the OpenAPI document: a page of metadata and a binary download', async () => {
    const response = await h.as('anonymous').get('/api/openapi.json');
    const { paths } = response.json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(paths['/api/v1/claims/{id}/attachments']?.get).toMatchObject({
      parameters: expect.arrayContaining([
        expect.objectContaining({ name: 'limit', in: 'query' }),
        expect.objectContaining({ name: 'cursor', in: 'query' }),
      ]) as unknown,
      responses: { 200: { content: { 'application/json': expect.anything() as unknown } } },
    });
    expect(paths['/api/v1/claims/{id}/attachments/{attachmentId}']?.get).toMatchObject({
      parameters: expect.arrayContaining([
        expect.objectContaining({ name: 'attachmentId', in: 'path' }),
      ]) as unknown,
      responses: {
        200: {
          content: {
            'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          },
        },
      },
    });
  });
});
