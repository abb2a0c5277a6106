import { readFile } from 'node:fs/promises';
import type { Database } from '../src/db/client.ts';
import { registerEnterprise, registerProvider } from '../src/services/parties/index.ts';
import { publishCatalog, publishProgramVersion } from '../src/services/programs/index.ts';
import type { Actor } from '../src/services/vouchers/index.ts';
import { freshUscc } from './support/uscc.ts';
import { createTenant } from '../src/services/access/create-tenant.ts';
import { createUser, systemActor } from '../src/services/access/index.ts';
import {
  closePublication,
  createPublication,
  publishPublication,
} from '../src/services/publication/index.ts';

/** Times used by the voucher tests: 10:00 in Shanghai on the given day. */
export const at = (day: string): Date => new Date(`${day}T02:00:00Z`);

export const operator: Actor = { ...systemActor, requestId: 'req-test' };

/** A small Hangzhou (西湖区) enterprise in good standing. */
export async function registerHangzhouSme(
  db: Database,
  name = '杭州示例科技有限公司',
): Promise<string> {
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: db,
    now: at('2025-05-01'),
    input: {
      uscc: freshUscc('330106'),
      name,
      size: 'small',
      foundedOn: '2021-05-01',
      industries: ['I65'],
      creditRecord: 'good',
    },
  });
  return enterprise.id;
}

/** A Wuhan SME (for the first-come program). */
export async function registerWuhanSme(db: Database, index: number): Promise<string> {
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: db,
    now: at('2025-05-01'),
    input: {
      uscc: freshUscc('420106'),
      name: `武汉测试企业${index}有限公司`,
      size: 'micro',
      foundedOn: '2022-01-01',
      industries: ['I65'],
      creditRecord: 'good',
    },
  });
  return enterprise.id;
}

/** A compute provider with domestic accelerators. */
export async function registerComputeProvider(db: Database): Promise<string> {
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: db,
    now: at('2025-05-01'),
    input: {
      uscc: freshUscc('330108'),
      name: '杭州算力中心有限公司',
      kinds: ['compute'],
      acceleratorOrigins: ['domestic'],
    },
  });
  return provider.id;
}

/**
 * Publishes the catalog (Hangzhou, Wuhan…) as an operator-admin of a city bureau (an operator
 * tenant made here), the way staff publish through the API: the programs then open for
 * vouchers under that operator tenant, whose staff alone may publish their recipients (公示).
 */
export async function publishPrograms(db: Database): Promise<void> {
  const now = at('2025-01-01');
  const user = await db.transaction(async (sql) => {
    const bureau = await createTenant({ sql, kind: 'operator', name: '杭州市经信局', now });
    return createUser({
      sql,
      tenantId: bureau.id,
      email: `catalog-${bureau.id}@example.test`,
      displayName: '目录发布员',
      password: 'catalog publisher password',
      roles: ['operator-admin'],
      actor: systemActor,
      now,
    });
  });
  await publishCatalog({ db, now, publishedBy: user.id });
}

/**
 * Publishes a first-come test program derived from Wuhan's file, with its own id and budget, so
 * a test's budget is its own.
 */
export async function publishFirstComeProgram(
  db: Database,
  programId: string,
  budgetYuan: string,
): Promise<void> {
  const text = await readFile(
    new URL('../programs/wuhan-compute-service.v1.yaml', import.meta.url),
    'utf8',
  );
  const yamlText = text
    .replace(/^id: .*$/mu, `id: ${programId}`)
    .replace(/^budgetYuan: .*$/mu, `budgetYuan: "${budgetYuan}"`);
  await publishProgramVersion({ sql: db, yamlText, publishedBy: 'test', now: at('2025-01-01') });
}

/** A small PDF, PNG… with the right magic bytes. */
export const files = {
  pdf: (text: string): Uint8Array => new TextEncoder().encode(`%PDF-1.7\n${text}\n%%EOF`),
};

/**
 * Publishes (公示) the claims of a program redeemed in `period` and closes the list after its
 * objection window, so they may be paid out; returns the day after closing.
 */
export async function publishRecipients(
  db: Database,
  programId: string,
  period: string,
  publishedOn: string,
  operatorTenantId?: string,
): Promise<Date> {
  // The program's operator tenant drafts its lists (no other may).
  const [program] = await db.query<{ operator_tenant_id: string | null }>(
    'select operator_tenant_id from voucher_programs where program_id = $1',
    [programId],
  );
  const tenantId = operatorTenantId ?? program?.operator_tenant_id;
  if (!tenantId) throw new Error(`${programId} has no operator tenant to publish its recipients`);
  const actor: Actor = { ...systemActor, tenantId };
  const publication = await createPublication({
    db,
    programId,
    period,
    title: `${programId} ${period} 兑付名单公示`,
    objectionWindowDays: 5,
    actor,
    now: at(publishedOn),
  });
  await publishPublication({ db, publicationId: publication.id, actor, now: at(publishedOn) });
  const closesOn = new Date(at(publishedOn).getTime() + 6 * 86_400_000);
  await closePublication({ db, publicationId: publication.id, actor, now: closesOn });
  return new Date(closesOn.getTime() + 86_400_000);
}
