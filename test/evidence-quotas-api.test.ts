import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  controlledStream,
  createEvidenceHarness,
  pdfBytes,
  type EvidenceHarness,
} from './support/evidence-fixtures.ts';

/**
 * Issue 17, item 7: per-enterprise evidence quotas, set from the environment — total bytes (413
 * EVIDENCE_QUOTA_EXCEEDED), files per Asia/Shanghai day and concurrent uploads (429
 * EVIDENCE_RATE_LIMITED with Retry-After). One enterprise at its limits never limits another.
 */

let e: EvidenceHarness;
const QUOTA_BYTES = 40_000;

interface ErrorBody {
  error: { code: string; details: Record<string, unknown> };
}

beforeAll(async () => {
  e = await createEvidenceHarness({
    EVIDENCE_QUOTA_BYTES: String(QUOTA_BYTES),
    EVIDENCE_QUOTA_FILES_PER_DAY: '4',
    EVIDENCE_QUOTA_CONCURRENT_UPLOADS: '1',
  });
});
afterAll(async () => {
  await e.h.close();
});

async function errorOf(response: Response): Promise<{ status: number } & ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody;
  return { status: response.status, ...body.error };
}

async function slotsHeld(): Promise<number> {
  const [row] = await e.h.db.query<{ n: bigint }>(
    'select count(*)::int8 as n from evidence_upload_slots',
  );
  return Number(row?.n ?? 0n);
}

describe('evidence quotas per enterprise', () => {
  it('refuses a second concurrent upload of the same enterprise with 429, not another enterprise’s', async () => {
    const claimA = await e.draftClaim('A');
    const claimB = await e.draftClaim('B');
    const { stream, push, end } = controlledStream();
    const slow = e.upload('A', claimA, { filename: 'slow.pdf', body: stream });
    push(pdfBytes('first half of a slow upload'));
    for (let waited = 0; (await slotsHeld()) === 0 && waited < 200; waited += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await slotsHeld()).toBe(1);

    const second = await e.upload('A', claimA, { filename: 'second.pdf', body: pdfBytes('2') });
    expect(await errorOf(second)).toMatchObject({
      status: 429,
      code: 'EVIDENCE_RATE_LIMITED',
      details: { quota: 'concurrentUploads', limit: 1 },
    });
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/u);
    const other = await e.upload('B', claimB, { filename: 'other.pdf', body: pdfBytes('B') });
    expect(other.status).toBe(201);

    push(new TextEncoder().encode('\nsecond half\n%%EOF\n'));
    end();
    expect((await slow).status).toBe(201);
    expect(await slotsHeld()).toBe(0);
    const retried = await e.upload('A', claimA, { filename: 'second.pdf', body: pdfBytes('2') });
    expect(retried.status).toBe(201);
  });

  it('refuses a file that takes the enterprise past its total bytes with 413 and the figures', async () => {
    const claimA = await e.draftClaim('A');
    const big = pdfBytes('too much', QUOTA_BYTES);
    const refused = await errorOf(await e.upload('A', claimA, { filename: 'big.pdf', body: big }));
    expect(refused).toMatchObject({
      status: 413,
      code: 'EVIDENCE_QUOTA_EXCEEDED',
      details: { quota: 'totalBytes', limitBytes: QUOTA_BYTES, fileBytes: QUOTA_BYTES },
    });
    expect(refused.details.usedBytes).toBeGreaterThan(0);
    const list = await e.get('A', `/api/v1/claims/${claimA}/attachments`);
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    // Announced up front (Content-Length), it is refused before a byte is read.
    const announced = await e.h.app.request(
      `/api/v1/claims/${claimA}/attachments?kind=delivery&filename=big.pdf`,
      {
        method: 'POST',
        headers: {
          cookie: `suanli_session=${e.h.actors['enterprise-admin@A'].sessionToken}; suanli_csrf=${e.h.actors['enterprise-admin@A'].csrfToken}`,
          'x-csrf-token': e.h.actors['enterprise-admin@A'].csrfToken,
          'content-type': 'application/pdf',
          'content-length': String(big.length),
        },
        body: big,
      },
    );
    expect((await errorOf(announced)).code).toBe('EVIDENCE_QUOTA_EXCEEDED');
    const claimB = await e.draftClaim('B');
    const fits = pdfBytes('fits for B', QUOTA_BYTES - 2_000);
    expect((await e.upload('B', claimB, { filename: 'big.pdf', body: fits })).status).toBe(201);
  });

  it('refuses the fifth file of a Shanghai day with 429 until midnight, then takes it', async () => {
    // Enterprise A uploaded two files today (slow.pdf and second.pdf; big.pdf was refused).
    const claimA = await e.draftClaim('A');
    for (const tag of ['third', 'fourth']) {
      const response = await e.upload('A', claimA, { filename: `${tag}.pdf`, body: pdfBytes(tag) });
      expect(response.status).toBe(201);
    }
    const fifth = await e.upload('A', claimA, { filename: 'fifth.pdf', body: pdfBytes('fifth') });
    const refused = await errorOf(fifth);
    expect(refused).toMatchObject({
      status: 429,
      code: 'EVIDENCE_RATE_LIMITED',
      details: { quota: 'filesPerDay', limit: 4 },
    });
    // The harness clock is 2026-03-02T09:00Z = 17:00 in Shanghai: midnight is 7 hours away.
    expect(fifth.headers.get('retry-after')).toBe(String(7 * 3600));
    e.h.clock.advanceSeconds(7 * 3600);
    await e.h.relogin('enterprise-admin@A');
    const nextDay = await e.upload('A', claimA, { filename: 'fifth.pdf', body: pdfBytes('fifth') });
    expect(nextDay.status, await nextDay.clone().text()).toBe(201);
  });
});
