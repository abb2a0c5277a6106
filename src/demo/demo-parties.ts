import { v5 as uuidv5 } from 'uuid';
import type { Database } from '../db/client.ts';
import { makeUscc, registerEnterprise, registerProvider } from '../services/parties/index.ts';
import { createTenant, createUser, systemActor, type Role } from '../services/access/index.ts';
import { registerDemoSigningKey } from './demo-signing-key.ts';

// A fixed namespace for demo ids: the same demo data gets the same ids on every machine.
const DEMO_NAMESPACE = '3f1d2c4b-8e7a-4b6c-9d0e-1a2b3c4d5e6f';

/** A deterministic id for a demo object, e.g. `demoId('tenant:operator')`. */
export function demoId(name: string): string {
  return uuidv5(`suanli-demo:${name}`, DEMO_NAMESPACE);
}

/**
 * The demo password of every demo user: printed at start, meant for a laptop, never for a
 * deployment (`npm start -- --no-demo` or `DEMO_DATA=false` starts without these users).
 */
export const DEMO_PASSWORD = 'suanli-demo-2025';

export interface DemoUser {
  email: string;
  role: Role;
  tenantName: string;
  userId: string;
  tenantId: string;
}

export interface DemoParties {
  operatorTenantId: string;
  hangzhouSmeId: string;
  chengduFirmId: string;
  hangzhouProviderId: string;
  chengduProviderId: string;
  users: Record<
    'operator' | 'reviewer' | 'auditor' | 'hangzhou' | 'chengdu' | 'provider',
    DemoUser
  >;
}

const OPERATOR_NAME = '算力券服务平台运营中心（演示）';

export const demoEnterprises = {
  hangzhou: {
    uscc: makeUscc('91330106MA2H7Y3K0'),
    name: '杭州云栖智算科技有限公司',
    size: 'small',
    foundedOn: '2021-03-15',
    industries: ['I65'],
    legalRepresentative: '陈明',
    phone: '0571-8676 2301',
    address: '浙江省杭州市西湖区云栖小镇云栖大道 88 号',
  },
  chengdu: {
    uscc: makeUscc('91510107MA6C8N4P2'),
    name: '成都锦城智能制造有限公司',
    size: 'medium',
    foundedOn: '2016-09-01',
    industries: ['C39', 'I65'],
    legalRepresentative: '李娜',
    phone: '028-8541 7720',
    address: '四川省成都市武侯区天府大道北段 1700 号',
  },
} as const;

export const demoProviders = {
  hangzhou: {
    uscc: makeUscc('91330110MA2KD5T81'),
    name: '浙江之江智算云服务有限公司',
    kinds: ['compute', 'model'],
    acceleratorOrigins: ['domestic', 'imported'],
    legalRepresentative: '王涛',
    phone: '0571-8888 6100',
    address: '浙江省杭州市余杭区文一西路 1818 号',
  },
  chengdu: {
    uscc: makeUscc('91510116MA68QW7L3'),
    name: '成都天府智算中心有限公司',
    kinds: ['compute'],
    acceleratorOrigins: ['domestic'],
    legalRepresentative: '赵磊',
    phone: '028-6666 3900',
    address: '四川省成都市双流区天府国际生物城',
  },
} as const;

/**
 * Creates the operator tenant, two enterprises (an SME in Hangzhou's Xihu district, a firm in
 * Chengdu's Wuhou district), two providers (the Hangzhou one with a signing key, registered with
 * its proof of possession), and one user per demo role — all through the real access and
 * parties services (so every step is in the audit log).
 */
export async function createDemoParties(options: {
  db: Database;
  now: Date;
}): Promise<DemoParties> {
  const { db, now } = options;
  const actor = systemActor;
  const operatorTenantId = demoId('tenant:operator');
  await db.transaction(async (sql) => {
    await createTenant({
      sql,
      kind: 'operator',
      name: OPERATOR_NAME,
      id: operatorTenantId,
      actor,
      now,
    });
  });
  const hangzhouSmeId = demoId('enterprise:hangzhou');
  const chengduFirmId = demoId('enterprise:chengdu');
  const hangzhouProviderId = demoId('provider:hangzhou');
  const chengduProviderId = demoId('provider:chengdu');
  await registerEnterprise({
    sql: db,
    id: hangzhouSmeId,
    input: { ...demoEnterprises.hangzhou },
    actor,
    now,
  });
  await registerEnterprise({
    sql: db,
    id: chengduFirmId,
    input: { ...demoEnterprises.chengdu },
    actor,
    now,
  });
  await registerProvider({
    sql: db,
    id: hangzhouProviderId,
    input: { ...demoProviders.hangzhou },
    actor,
    now,
  });
  await registerProvider({
    sql: db,
    id: chengduProviderId,
    input: { ...demoProviders.chengdu },
    actor,
    now,
  });
  await registerDemoSigningKey({ db, providerId: hangzhouProviderId, actor, now });

  const user = async (
    key: string,
    tenantId: string,
    tenantName: string,
    role: Role,
    displayName: string,
  ): Promise<DemoUser> => {
    const email = `${key}@suanli-demo.test`;
    const created = await db.transaction((sql) =>
      createUser({
        sql,
        tenantId,
        email,
        displayName,
        password: DEMO_PASSWORD,
        roles: [role],
        actor,
        now,
      }),
    );
    return { email, role, tenantName, userId: created.id, tenantId };
  };
  const users: DemoParties['users'] = {
    operator: await user(
      'operator',
      operatorTenantId,
      OPERATOR_NAME,
      'operator-admin',
      '周静（运营管理员）',
    ),
    reviewer: await user('reviewer', operatorTenantId, OPERATOR_NAME, 'reviewer', '刘洋（审核员）'),
    auditor: await user('auditor', operatorTenantId, OPERATOR_NAME, 'auditor', '孙悦（审计员）'),
    hangzhou: await user(
      'hangzhou',
      hangzhouSmeId,
      demoEnterprises.hangzhou.name,
      'enterprise-admin',
      '陈明',
    ),
    chengdu: await user(
      'chengdu',
      chengduFirmId,
      demoEnterprises.chengdu.name,
      'enterprise-admin',
      '李娜',
    ),
    provider: await user(
      'provider',
      hangzhouProviderId,
      demoProviders.hangzhou.name,
      'provider-admin',
      '王涛',
    ),
  };
  return {
    operatorTenantId,
    hangzhouSmeId,
    chengduFirmId,
    hangzhouProviderId,
    chengduProviderId,
    users,
  };
}
