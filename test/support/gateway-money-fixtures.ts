import type { Database } from '../../src/db/client.ts';
import { systemActor } from '../../src/services/access/index.ts';
import { depositToWallet, type MeterModel } from '../../src/services/gateway/metering/index.ts';
import { registerEnterprise, registerProvider } from '../../src/services/parties/index.ts';
import { publishProgramVersion } from '../../src/services/programs/index.ts';
import {
  createApplication,
  reviewApplication,
  submitApplication,
} from '../../src/services/vouchers/index.ts';
import { hangzhouProgramYaml } from './catalog-fixtures.ts';
import { freshUscc } from './uscc.ts';

/**
 * The gateway money tests' world, made through the services: Hangzhou's program (this year, under
 * its own id), a Hangzhou SME with a model voucher (a `model` application approved for
 * `voucherFen`), a model-service provider, and a wallet deposit of `walletFen`.
 */
export interface GatewayMoneyWorld {
  programId: string;
  enterpriseId: string;
  providerId: string;
  grantId: string;
  filedModel: MeterModel;
  unfiledModel: MeterModel;
}

export async function setUpGatewayMoney(
  db: Database,
  options: {
    voucherFen: bigint;
    walletFen: bigint;
    programId?: string;
    /** An enterprise tenant to register (an API harness's: its id and name), else a new one. */
    enterprise?: { id: string; name: string };
    now?: Date;
  },
): Promise<GatewayMoneyWorld> {
  const now = options.now ?? new Date();
  const year = now.getUTCFullYear();
  const programId = options.programId ?? `hangzhou-maas-${Math.random().toString(36).slice(2, 8)}`;
  await publishProgramVersion({
    sql: db,
    yamlText: hangzhouProgramYaml({ year, id: programId }),
    publishedBy: 'test',
    now,
  });
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: db,
    now,
    ...(options.enterprise === undefined ? {} : { id: options.enterprise.id }),
    input: {
      uscc: freshUscc('330106'),
      name:
        options.enterprise?.name ?? `杭州模型应用${Math.random().toString(36).slice(2, 6)}有限公司`,
      size: 'small',
      foundedOn: '2021-05-01',
      industries: ['I65'],
      creditRecord: 'good',
    },
  });
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: db,
    now,
    input: {
      uscc: freshUscc('330108'),
      name: `杭州模型服务${Math.random().toString(36).slice(2, 6)}有限公司`,
      kinds: ['model'],
      acceleratorOrigins: ['domestic'],
    },
  });
  const grantId = await addModelVoucher(db, {
    programId,
    enterpriseId: enterprise.id,
    voucherFen: options.voucherFen,
    expiresOn: `${year + 1}-06-30`,
    now,
  });
  if (options.walletFen > 0n) {
    await depositToWallet({
      db,
      actor: systemActor,
      enterpriseId: enterprise.id,
      amountFen: options.walletFen,
      reference: 'test deposit',
      now,
    });
  }
  const prices = { inputFenPerMillion: 400n, outputFenPerMillion: 1200n };
  return {
    programId,
    enterpriseId: enterprise.id,
    providerId: provider.id,
    grantId,
    filedModel: {
      id: 'demo-filed',
      providerId: provider.id,
      filedModel: true,
      chipOrigin: 'domestic',
      prices,
    },
    unfiledModel: { id: 'demo-unfiled', providerId: provider.id, filedModel: false, prices },
  };
}

/**
 * Gives an enterprise a model voucher of `voucherFen` in a published program (a `model`
 * application, submitted and approved, expiring on `expiresOn`); returns the grant's id.
 */
export async function addModelVoucher(
  db: Database,
  options: {
    programId: string;
    enterpriseId: string;
    voucherFen: bigint;
    expiresOn: string;
    now: Date;
  },
): Promise<string> {
  const { now } = options;
  const actor = { ...systemActor, tenantId: options.enterpriseId, requestId: 'req-gateway-test' };
  // A model purchase at 30 % (filed model): the estimate is 30 % of the planned amount.
  const application = await createApplication({
    db,
    programId: options.programId,
    enterpriseId: options.enterpriseId,
    plannedPurchase: {
      kind: 'model',
      amountFen: options.voucherFen * 4n,
      filedModel: true,
      chipOrigin: 'domestic',
    },
    requestedFen: options.voucherFen,
    purpose: 'MaaS calls through the gateway',
    actor,
    now,
  });
  await submitApplication({ db, applicationId: application.id, actor, now });
  const { grant } = await reviewApplication({
    db,
    applicationId: application.id,
    decision: { decision: 'approve', amountFen: options.voucherFen, expiresOn: options.expiresOn },
    actor: { ...systemActor, requestId: 'req-gateway-test' },
    now,
  });
  if (!grant) throw new Error('no grant');
  return grant.id;
}
