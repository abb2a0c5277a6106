import type { Database } from '../db/client.ts';
import { depositToWallet, getGatewayBalances } from '../services/gateway/index.ts';
import { actorOf, applyFor, approve, expiryAfter } from './voucher-steps.ts';

/** The demo Hangzhou enterprise's model voucher and wallet deposit (fen). */
export const DEMO_MODEL_VOUCHER_FEN = 20_000n;
export const DEMO_WALLET_DEPOSIT_FEN = 50_000n;

/**
 * Gives the demo Hangzhou enterprise money for model calls, once: a model voucher (a `model`
 * application on the Hangzhou program, approved, so calls of the filed demo model are subsidised
 * at the program's 30 %) and a wallet deposit. Skipped when it already holds a model voucher (a
 * later start, or one after the story). Through the services as the system, audited.
 */
export async function fundDemoGatewayEnterprise(options: {
  db: Database;
  enterpriseId: string;
  now: Date;
}): Promise<{ funded: boolean }> {
  const { db, enterpriseId, now } = options;
  const system = actorOf(null, null, 'demo-gateway');
  const balances = await getGatewayBalances({ sql: db, actor: system, enterpriseId, now });
  if (balances.vouchers.length > 0) return { funded: false };
  // The Hangzhou program the demo story applied under (its id carries the demo's variant).
  const [program] = await db.query<{ program_id: string }>(
    `select program_id from voucher_applications
      where enterprise_id = $1 and program_id like 'hangzhou%'
      order by created_at desc limit 1`,
    [enterpriseId],
  );
  if (!program) return { funded: false };
  const enterprise = actorOf(null, enterpriseId, 'demo-gateway');
  const application = await applyFor({
    db,
    plan: {
      programId: program.program_id,
      enterpriseId,
      kind: 'model',
      // The voucher's estimate is 30 % of the planned model purchase (a filed model).
      amountFen: DEMO_MODEL_VOUCHER_FEN * 4n,
      filedModel: true,
      chipOrigin: 'domestic',
      requestedFen: DEMO_MODEL_VOUCHER_FEN,
      purpose: '通过 MaaS 网关调用备案模型（演示）',
    },
    actor: enterprise,
    at: now,
  });
  await approve({
    db,
    applicationId: application.id,
    amountFen: DEMO_MODEL_VOUCHER_FEN,
    expiresOn: expiryAfter(now, 300),
    reviewer: system,
    at: now,
  });
  await depositToWallet({
    db,
    actor: system,
    enterpriseId,
    amountFen: DEMO_WALLET_DEPOSIT_FEN,
    reference: 'demo deposit (npm start)',
    now,
  });
  return { funded: true };
}
