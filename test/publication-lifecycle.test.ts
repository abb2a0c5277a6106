import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { createTenant } from '../src/services/access/index.ts';
import { verifyAuditLog } from '../src/services/audit/index.ts';
import { publicActor, systemActor, type PersonActor } from '../src/services/authz/index.ts';
import {
  assertPublishedForPayout,
  closeDuePublications,
  closePublication,
  createPublication,
  fileObjection,
  getPublication,
  listObjections,
  listPublications,
  publicationCsv,
  publishPublication,
  resolveObjection,
  submitterHash,
} from '../src/services/publication/index.ts';
import {
  claimInState,
  publishTestProgram,
  testEnterprise,
  testProvider,
  type RedeemedClaim,
} from './support/publication-fixtures.ts';
import { personActor } from './support/service-actors.ts';
import { createTestPglite } from './support/test-database.ts';

const DAY_MS = 86_400_000;
const t0 = new Date('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
const after = (days: number): Date => new Date(t0.getTime() + days * DAY_MS);

let db: Database;
let programId: string;
let operatorA: PersonActor;
let operatorB: PersonActor;
let first: RedeemedClaim;
let second: RedeemedClaim;
let providerId: string;

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  db = await createTestPglite();
  const a = await db.transaction((sql) =>
    createTenant({ sql, kind: 'operator', name: '杭州市经信局', now: t0 }),
  );
  const b = await db.transaction((sql) =>
    createTenant({ sql, kind: 'operator', name: '成都市经信局', now: t0 }),
  );
  operatorA = personActor(a.id, 'operator', ['operator-admin']);
  operatorB = personActor(b.id, 'operator', ['operator-admin']);
  programId = await publishTestProgram(db, { at: after(-30), operatorTenantId: a.id });
  providerId = await testProvider(db, after(-30));
  const enterpriseA = await testEnterprise(db, after(-30), undefined, '杭州甲科技有限公司');
  const enterpriseB = await testEnterprise(db, after(-30), undefined, '杭州乙科技有限公司');
  first = await claimInState(db, {
    programId,
    at: after(-2),
    enterpriseId: enterpriseA,
    providerId,
  });
  second = await claimInState(db, {
    programId,
    at: after(-1),
    enterpriseId: enterpriseB,
    providerId,
    contractYuan: 60_000n,
  });
}, 60_000);
afterAll(async () => {
  await db.close();
});

describe('publication (公示) lifecycle on PGlite', () => {
  let publicationId: string;

  it('refuses bad input and other operators’ programs, writing nothing', async () => {
    const base = { db, programId, title: '2026年3月算力券兑付名单公示', actor: operatorA, now: t0 };
    expect((await errorOf(createPublication({ ...base, period: '2026-13' }))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      (await errorOf(createPublication({ ...base, period: '2026-03', objectionWindowDays: 0 })))
        .details,
    ).toEqual({ field: 'objectionWindowDays' });
    expect(
      (await errorOf(createPublication({ ...base, period: '2026-03', actor: operatorB }))).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await errorOf(
          createPublication({ ...base, programId: 'no-such-program', period: '2026-03' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await errorOf(createPublication({ ...base, period: '2026-02' }))).code).toBe(
      'CONFLICT',
    );
    expect(await db.query('select 1 from publications')).toHaveLength(0);
  });

  it('freezes the redeemed claims of the period as a draft nobody outside sees', async () => {
    const draft = await createPublication({
      db,
      programId,
      period: '2026-03',
      title: '2026年3月算力券兑付名单公示',
      objectionWindowDays: 5,
      actor: operatorA,
      now: t0,
    });
    publicationId = draft.id;
    expect(draft).toMatchObject({
      state: 'draft',
      entryCount: 2,
      objectionWindowDays: 5,
      publishedAt: null,
    });
    // 50 % of ¥100,000 and of ¥60,000 (small enterprise, contracts ≤ ¥500,000).
    expect(draft.totalFen).toBe(5_000_000n + 3_000_000n);
    const { entries } = await getPublication({
      sql: db,
      publicationId,
      actor: operatorA,
    });
    expect(
      entries.map((entry) => [
        entry.position,
        entry.claimId,
        entry.recipientName,
        entry.amountFen,
        entry.withdrawn,
      ]),
    ).toEqual([
      [1, first.claim.id, '杭州甲科技有限公司', 5_000_000n, false],
      [2, second.claim.id, '杭州乙科技有限公司', 3_000_000n, false],
    ]);
    expect(entries[0]?.purpose).toBe(`算力服务（合同 ${first.claim.contractId}）`);
    expect(entries[0]?.uscc).toMatch(/^91330106/);
    expect(
      (await errorOf(getPublication({ sql: db, publicationId, actor: publicActor }))).code,
    ).toBe('NOT_FOUND');
    expect((await errorOf(getPublication({ sql: db, publicationId, actor: operatorB }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await listPublications({ sql: db, actor: publicActor, limit: 50 })).toEqual([]);
    const objection = fileObjection({
      actor: publicActor,
      db,
      publicationId,
      body: '这是一条足够长的异议内容。',
      submitter: 'x',
      now: t0,
    });
    expect((await errorOf(objection)).code).toBe('NOT_FOUND');
  });

  it('the services themselves refuse callers the permission table does not allow', async () => {
    const recipient = personActor(first.claim.enterpriseId, 'enterprise', ['enterprise-admin']);
    const reviewerA = personActor(operatorA.tenantId, 'operator', ['reviewer']);
    const publish = (actor: PersonActor) =>
      publishPublication({ db, publicationId, actor, now: t0 });
    // No route in between: an enterprise (even the listed one) reads no drafts, publishes none.
    expect((await errorOf(getPublication({ sql: db, publicationId, actor: recipient }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await errorOf(listPublications({ sql: db, actor: recipient, limit: 5 }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await errorOf(publish(recipient))).code).toBe('FORBIDDEN');
    // A reviewer of the program's operator reads it but may not publish.
    expect(
      (await getPublication({ sql: db, publicationId, actor: reviewerA })).publication.id,
    ).toBe(publicationId);
    expect((await errorOf(publish(reviewerA))).code).toBe('FORBIDDEN');
    // Another operator's admin does not reach it at all.
    expect((await errorOf(publish(operatorB))).code).toBe('NOT_FOUND');
    expect(
      (await errorOf(closePublication({ db, publicationId, actor: operatorB, now: t0 }))).code,
    ).toBe('NOT_FOUND');
    expect((await errorOf(listObjections({ sql: db, publicationId, actor: operatorB }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await listPublications({ sql: db, actor: operatorB, limit: 5 })).toEqual([]);
    const [row] = await db.query<{ state: string }>(
      'select state from publications where id = $1',
      [publicationId],
    );
    expect(row?.state).toBe('draft');
  });

  it('the list is frozen: rows cannot be edited and later renames do not change it', async () => {
    await expect(db.query(`update publication_entries set amount_fen = 1`)).rejects.toThrow(
      /append-only/,
    );
    await db.query(`update enterprises set name = '改名后的公司' where id = $1`, [
      first.enterpriseId,
    ]);
    const { entries } = await getPublication({ actor: systemActor, sql: db, publicationId });
    expect(entries[0]?.recipientName).toBe('杭州甲科技有限公司');
  });

  it('no payout before the list is published and closed', async () => {
    const refused = await errorOf(
      assertPublishedForPayout({ sql: db, claimId: first.claim.id, now: t0 }),
    );
    expect(refused).toMatchObject({
      code: 'PUBLICATION_PENDING',
      details: { claimId: first.claim.id },
    });
  });

  it('publishing opens the objection window for the configured days', async () => {
    expect(
      (await errorOf(publishPublication({ db, publicationId, actor: operatorB, now: t0 }))).code,
    ).toBe('NOT_FOUND');
    const published = await publishPublication({ db, publicationId, actor: operatorA, now: t0 });
    expect(published.state).toBe('published');
    expect(published.objectionWindowClosesAt?.toISOString()).toBe(after(5).toISOString());
    expect(
      (await errorOf(publishPublication({ db, publicationId, actor: operatorA, now: t0 }))).code,
    ).toBe('INVALID_STATE_TRANSITION');
    expect(
      (await listPublications({ sql: db, actor: publicActor, limit: 50 })).map((item) => item.id),
    ).toEqual([publicationId]);
    expect(
      (await errorOf(assertPublishedForPayout({ sql: db, claimId: first.claim.id, now: t0 })))
        .details,
    ).toMatchObject({ publicationId });
  });

  it('anyone may object while the window is open, within limits', async () => {
    const { entries } = await getPublication({ sql: db, publicationId, actor: publicActor });
    const entryB = entries[1]?.id;
    const visitor = submitterHash('203.0.113.7', 'salt');
    const objection = await fileObjection({
      actor: publicActor,
      db,
      publicationId,
      entryId: entryB,
      body: ' 该企业与服务商存在关联关系，请核查。 ',
      contact: 'tip@example.com',
      submitter: visitor,
      now: after(1),
    });
    expect(objection).toMatchObject({
      state: 'open',
      entryId: entryB,
      body: '该企业与服务商存在关联关系，请核查。',
    });
    expect(
      (
        await errorOf(
          fileObjection({
            actor: publicActor,
            db,
            publicationId,
            body: '短',
            submitter: visitor,
            now: after(1),
          }),
        )
      ).details,
    ).toEqual({ field: 'body' });
    const foreignEntry = fileObjection({
      actor: publicActor,
      db,
      publicationId,
      entryId: publicationId,
      body: '这条异议指向不存在的条目。',
      submitter: visitor,
      now: after(1),
    });
    expect((await errorOf(foreignEntry)).details).toEqual({ field: 'entryId' });
    for (let i = 0; i < 4; i += 1) {
      await fileObjection({
        actor: publicActor,
        db,
        publicationId,
        body: `重复提交的异议第${i}条，用于测试限流。`,
        submitter: visitor,
        now: after(1),
      });
    }
    const limited = await errorOf(
      fileObjection({
        actor: publicActor,
        db,
        publicationId,
        body: '第六条异议应当被限流。',
        submitter: visitor,
        now: after(1),
      }),
    );
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 3600 } });
    // Another address, or the same one an hour later, may object again.
    await fileObjection({
      actor: publicActor,
      db,
      publicationId,
      body: '另一位公众的异议内容。',
      submitter: submitterHash('198.51.100.1', 'salt'),
      now: after(1),
    });
    await fileObjection({
      actor: publicActor,
      db,
      publicationId,
      body: '一小时后再次提交的异议。',
      submitter: visitor,
      now: after(1.05),
    });
    expect(
      await listObjections({
        sql: db,
        publicationId,
        actor: operatorA,
        state: 'open',
      }),
    ).toHaveLength(7);
  });

  it('closes only after the window, once every objection is decided; upheld withdraws the entry', async () => {
    expect(
      (await errorOf(closePublication({ db, publicationId, actor: operatorA, now: after(2) })))
        .code,
    ).toBe('INVALID_STATE_TRANSITION');
    expect(
      (await errorOf(closePublication({ db, publicationId, actor: operatorA, now: after(6) })))
        .code,
    ).toBe('INVALID_STATE_TRANSITION');
    const late = fileObjection({
      actor: publicActor,
      db,
      publicationId,
      body: '窗口关闭后的异议应被拒绝。',
      submitter: 'late',
      now: after(5),
    });
    expect((await errorOf(late)).code).toBe('OBJECTION_WINDOW_CLOSED');
    const open = await listObjections({
      sql: db,
      publicationId,
      actor: operatorA,
      state: 'open',
    });
    const [aboutB, ...others] = open;
    if (!aboutB) throw new Error('no objection');
    // An objection without an entry cannot be upheld until the operator names one.
    const withoutEntry = others[0];
    if (!withoutEntry) throw new Error('no objection');
    const unnamed = resolveObjection({
      db,
      objectionId: withoutEntry.id,
      resolution: 'upheld',
      note: '成立',
      actor: operatorA,
      now: after(6),
    });
    expect((await errorOf(unnamed)).details).toEqual({ field: 'entryId' });
    await resolveObjection({
      db,
      objectionId: aboutB.id,
      resolution: 'upheld',
      note: '经核查属实，撤回该笔兑付。',
      actor: operatorA,
      now: after(6),
    });
    const again = resolveObjection({
      db,
      objectionId: aboutB.id,
      resolution: 'dismissed',
      note: '改判',
      actor: operatorA,
      now: after(6),
    });
    expect((await errorOf(again)).code).toBe('INVALID_STATE_TRANSITION');
    for (const objection of others) {
      await resolveObjection({
        db,
        objectionId: objection.id,
        resolution: 'dismissed',
        note: '经核实不成立。',
        actor: operatorA,
        now: after(6),
      });
    }
    const closed = await closePublication({ db, publicationId, actor: operatorA, now: after(6) });
    expect(closed.state).toBe('closed');
    const { entries } = await getPublication({ sql: db, publicationId, actor: publicActor });
    expect(entries.map((entry) => entry.withdrawn)).toEqual([false, true]);
  });

  it('the payout gate lets the listed claim through and blocks the withdrawn one', async () => {
    expect(
      await assertPublishedForPayout({ sql: db, claimId: first.claim.id, now: after(7) }),
    ).toBe(publicationId);
    const blocked = await errorOf(
      assertPublishedForPayout({ sql: db, claimId: second.claim.id, now: after(7) }),
    );
    expect(blocked).toMatchObject({
      code: 'OBJECTION_UPHELD',
      details: { claimId: second.claim.id, publicationId },
    });
  });

  it('a claim is on one public list only', async () => {
    const again = createPublication({
      db,
      programId,
      period: '2026-03',
      title: '重复公示',
      actor: operatorA,
      now: after(7),
    });
    expect((await errorOf(again)).code).toBe('CONFLICT');
    const third = await claimInState(db, {
      programId,
      at: after(7),
      enterpriseId: first.enterpriseId,
      providerId,
    });
    const draft1 = await createPublication({
      db,
      programId,
      period: '2026-03',
      title: '草稿一',
      actor: operatorA,
      now: after(8),
    });
    const draft2 = await createPublication({
      db,
      programId,
      period: '2026-03',
      title: '草稿二',
      actor: operatorA,
      now: after(8),
    });
    await publishPublication({ db, publicationId: draft1.id, actor: operatorA, now: after(8) });
    const conflict = await errorOf(
      publishPublication({ db, publicationId: draft2.id, actor: operatorA, now: after(8) }),
    );
    expect(conflict).toMatchObject({ code: 'CONFLICT', details: { claimIds: [third.claim.id] } });
  });

  it('the closing job closes due lists without open objections and leaves the others', async () => {
    const [due] = await listPublications({
      sql: db,
      actor: operatorA,
      state: 'published',
      limit: 10,
    });
    if (!due) throw new Error('no published list');
    await fileObjection({
      actor: publicActor,
      db,
      publicationId: due.id,
      body: '尚未处理的异议，阻止自动关闭。',
      submitter: 'job',
      now: after(9),
    });
    expect(await closeDuePublications({ db, now: after(30) })).toEqual([]);
    const [open] = await listObjections({
      sql: db,
      publicationId: due.id,
      actor: operatorA,
      state: 'open',
    });
    await resolveObjection({
      db,
      objectionId: open?.id ?? '',
      resolution: 'dismissed',
      note: '不成立',
      actor: operatorA,
      now: after(30),
    });
    expect(await closeDuePublications({ db, now: after(30) })).toEqual([due.id]);
  });

  it('the public CSV lists every recipient, withdrawn ones marked', async () => {
    const { entries } = await getPublication({ sql: db, publicationId, actor: publicActor });
    const lines = publicationCsv(entries).split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFF序号 position,企业名称 recipient,统一社会信用代码 uscc,行政区划 region_code,amount_fen,amount_yuan,用途 purpose,状态 status',
    );
    expect(lines[1]).toMatch(
      /^1,杭州甲科技有限公司,91330106\w{10},330106,5000000,50000\.00,算力服务（合同 HT-[-0-9a-f]+）,listed 公示中$/,
    );
    expect(lines[2]).toMatch(/,3000000,30000\.00,.*,withdrawn 已撤回$/);
  });

  it('every change is in the audit log, and the chain verifies', async () => {
    const actions = await db.query<{ action: string }>(
      `select distinct action from audit_events where action like 'publication.%' order by action`,
    );
    expect(actions.map((row) => row.action)).toEqual([
      'publication.close',
      'publication.create',
      'publication.objection.dismiss',
      'publication.objection.file',
      'publication.objection.uphold',
      'publication.publish',
    ]);
    const [filed] = await db.query<{ after_json: string }>(
      `select after_json from audit_events where action = 'publication.objection.file' limit 1`,
    );
    expect(filed?.after_json).not.toContain('tip@example.com');
    expect(await verifyAuditLog({ db })).toMatchObject({ ok: true });
  });
});

describe('grants lists (拟支持名单)', () => {
  it('lists approved grants; an objection upheld against a grant blocks the payout of its claims', async () => {
    const draft = await createPublication({
      db,
      programId,
      period: '2026-03',
      title: '2026年3月算力券拟支持名单公示',
      source: 'grants',
      actor: operatorA,
      now: after(40),
    });
    expect(draft.source).toBe('grants');
    const { entries } = await getPublication({
      actor: systemActor,
      sql: db,
      publicationId: draft.id,
    });
    expect(entries.map((entry) => entry.claimId)).toEqual(entries.map(() => null));
    expect(entries.map((entry) => entry.grantId)).toContain(first.grant.id);
    expect(entries[0]?.purpose).toBe('算力券资格：test purchase');
    // The claims list of `first` closed long ago, so its payout was allowed until now.
    expect(
      await assertPublishedForPayout({ sql: db, claimId: first.claim.id, now: after(40) }),
    ).toBeTypeOf('string');
    await publishPublication({ db, publicationId: draft.id, actor: operatorA, now: after(40) });
    const entryOfFirst = entries.find((entry) => entry.grantId === first.grant.id);
    const objection = await fileObjection({
      actor: publicActor,
      db,
      publicationId: draft.id,
      entryId: entryOfFirst?.id,
      body: '该企业申报材料中的合同为虚构，请撤销资格。',
      submitter: 'grants-list',
      now: after(41),
    });
    await resolveObjection({
      db,
      objectionId: objection.id,
      resolution: 'upheld',
      note: '核实属实，撤销资格。',
      actor: operatorA,
      now: after(42),
    });
    const blocked = await errorOf(
      assertPublishedForPayout({ sql: db, claimId: first.claim.id, now: after(42) }),
    );
    expect(blocked).toMatchObject({
      code: 'OBJECTION_UPHELD',
      details: { publicationId: draft.id },
    });
    // A grant is listed once: a second grants list of the period finds nobody new.
    const again = createPublication({
      db,
      programId,
      period: '2026-03',
      title: '重复',
      source: 'grants',
      actor: operatorA,
      now: after(43),
    });
    expect((await errorOf(again)).code).toBe('CONFLICT');
  });
});
