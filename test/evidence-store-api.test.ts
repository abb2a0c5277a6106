import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentPath,
  moveLegacyEvidenceToStore,
  sweepEvidenceOrphans,
} from '../src/services/evidence/index.ts';
import {
  controlledStream,
  createEvidenceHarness,
  pdfBytes,
  type EvidenceHarness,
} from './support/evidence-fixtures.ts';

/**
 * Issue 17, item 7: evidence bytes stream into a content-addressed store and only metadata goes
 * into the database; an oversized stream, a refused file and a failed row leave no visible
 * half state; rows from before the store stay readable and move to it.
 */

let e: EvidenceHarness;
const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  e = await createEvidenceHarness();
});
afterAll(async () => {
  await e.h.close();
});

async function rowOf(id: string): Promise<{ bytes_length: number | null; sha256: string }> {
  const [row] = await e.h.db.query<{ bytes_length: number | null; sha256: string }>(
    'select octet_length(bytes) as bytes_length, sha256 from voucher_claim_attachments where id = $1',
    [id],
  );
  expect(row).toBeDefined();
  return row!;
}

describe('the evidence store', () => {
  it('streams a 9 MiB upload sent in chunks (no Content-Length) to sha256/ab/cd/<hash>, not into the database', async () => {
    const claimId = await e.draftClaim('A');
    const file = pdfBytes('nine MiB', 9 * MiB);
    const { stream, push, end } = controlledStream();
    const uploading = e.upload('A', claimId, { filename: '验收报告.pdf', body: stream });
    for (let at = 0; at < file.length; at += 256 * 1024) push(file.subarray(at, at + 256 * 1024));
    end();
    const response = await uploading;
    expect(response.status, await response.clone().text()).toBe(201);
    const stored = (await response.json()) as { id: string; sha256: string; sizeBytes: number };
    expect(stored).toMatchObject({ sha256: sha256(file), sizeBytes: file.length });

    const path = contentPath(e.h.evidenceStore, stored.sha256);
    expect(path).toContain(`/sha256/${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/`);
    expect(sha256(await readFile(path))).toBe(stored.sha256);
    expect(await rowOf(stored.id)).toEqual({ bytes_length: null, sha256: stored.sha256 });
    expect((await e.storedFiles()).temporary).toEqual([]);

    const download = await e.get('A', `/api/v1/claims/${claimId}/attachments/${stored.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-length')).toBe(String(file.length));
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(stored.sha256);
  });

  it('refuses a stream that passes 10 MiB with 413 and leaves no file behind', async () => {
    const claimId = await e.draftClaim('A');
    const before = await e.storedFiles();
    const { stream, push, end } = controlledStream();
    const uploading = e.upload('A', claimId, { filename: 'huge.pdf', body: stream });
    push(pdfBytes('huge', 6 * MiB));
    push(new Uint8Array(5 * MiB));
    end();
    const response = await uploading;
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(await e.storedFiles()).toEqual(before);
  });

  it('keeps nothing of a file whose type is refused', async () => {
    const claimId = await e.draftClaim('A');
    const before = await e.storedFiles();
    const response = await e.upload('A', claimId, {
      filename: 'x.xml',
      contentType: 'application/xml',
      body: new TextEncoder().encode('<html><script>alert(1)</script></html>'),
    });
    expect(response.status).toBe(415);
    expect(await e.storedFiles()).toEqual(before);
  });

  it('leaves no visible half state when the row’s transaction fails: the content is swept', async () => {
    const claimId = await e.draftClaim('A');
    // A real failure inside the row's transaction, after the content is in the store.
    await e.h.db.exec(`
      create function fail_evidence_row() returns trigger language plpgsql as $$
      begin
        if new.filename = 'crash.pdf' then raise exception 'disk full (test)'; end if;
        return new;
      end $$;
      create trigger fail_evidence_row before insert on voucher_claim_attachments
        for each row execute function fail_evidence_row();`);
    const kept = await e.upload('A', claimId, { filename: 'kept.pdf', body: pdfBytes('kept') });
    expect(kept.status).toBe(201);
    const file = pdfBytes('the row never commits');
    const failed = await e.upload('A', claimId, { filename: 'crash.pdf', body: file });
    expect(failed.status).toBe(500);
    await e.h.db.exec('drop trigger fail_evidence_row on voucher_claim_attachments');

    const list = await e.get('A', `/api/v1/claims/${claimId}/attachments`);
    expect(((await list.json()) as { items: { filename: string }[] }).items).toEqual([
      expect.objectContaining({ filename: 'kept.pdf' }),
    ]);
    const orphan = contentPath(e.h.evidenceStore, sha256(file));
    const { contents, temporary } = await e.storedFiles();
    expect(temporary).toEqual([]);
    expect(contents).toContain(orphan);

    // Within the grace period the sweep keeps it (an upload may be about to insert its row)…
    const now = new Date();
    const young = await sweepEvidenceOrphans({ sql: e.h.db, store: e.h.evidenceStore, now });
    expect(young.removedContents).toBe(0);
    expect((await e.storedFiles()).contents).toContain(orphan);
    // …after it, content no row names is removed and every named file stays.
    const swept = await sweepEvidenceOrphans({
      sql: e.h.db,
      store: e.h.evidenceStore,
      now: new Date(now.getTime() + 2 * 3_600_000),
    });
    expect(swept.removedContents).toBe(1);
    const after = (await e.storedFiles()).contents;
    expect(after).not.toContain(orphan);
    expect(after).toContain(contentPath(e.h.evidenceStore, sha256(pdfBytes('kept'))));
  });

  it('reads rows stored in the database before the store, and moves them to it at start', async () => {
    const claimId = await e.draftClaim('B');
    const legacy = pdfBytes('uploaded in 2025, stored as bytea');
    const id = '01900000-0000-7000-8000-000000000017';
    // What the server wrote before migration 0220: the bytes in the row.
    await e.h.db.query(
      `insert into voucher_claim_attachments
         (id, claim_id, kind, filename, content_type, size_bytes, sha256, bytes, uploaded_by, created_at)
       values ($1, $2, 'delivery', '旧回单.pdf', 'application/pdf', $3, $4, $5, null, now())`,
      [id, claimId, legacy.length, sha256(legacy), legacy],
    );
    const path = `/api/v1/claims/${claimId}/attachments/${id}`;
    const fromRow = await e.get('B', path);
    expect(fromRow.status).toBe(200);
    expect(new Uint8Array(await fromRow.arrayBuffer())).toEqual(legacy);

    expect(await moveLegacyEvidenceToStore({ db: e.h.db, store: e.h.evidenceStore })).toEqual({
      moved: 1,
    });
    expect(await rowOf(id)).toEqual({ bytes_length: null, sha256: sha256(legacy) });
    expect(sha256(await readFile(contentPath(e.h.evidenceStore, sha256(legacy))))).toBe(
      sha256(legacy),
    );
    const fromStore = await e.get('B', path);
    expect(fromStore.headers.get('content-disposition')).toContain('filename*=UTF-8');
    expect(new Uint8Array(await fromStore.arrayBuffer())).toEqual(legacy);
    // Still append-only for everything else.
    await expect(
      e.h.db.query("update voucher_claim_attachments set filename = 'x.pdf' where id = $1", [id]),
    ).rejects.toThrow(/append-only/u);
  });
});
