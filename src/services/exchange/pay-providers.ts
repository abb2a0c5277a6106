import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import {
  CNY_LEDGER,
  exchangeAccountCodes,
  exchangeLedgerId,
  exchangeTransferCodes,
  providerAccountIds,
} from '../../domain/exchange/account-plan.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { runExchangeTransfers } from './exchange-ledger.ts';

/** One provider paid in a run. */
export interface ProviderPayout {
  id: string;
  providerId: string;
  payoutDay: string;
  amountFen: bigint;
  transferId: string;
}

/** Providers paid in one run at most (the next run takes the rest). */
export const PAYOUT_RUN_PROVIDERS_MAX = 1000;

/**
 * Pays every provider what the exchange owes it (its payable's posted balance): payable → paid
 * out (5602), one payout per provider per Shanghai day. The run is idempotent — the day's payout
 * row is unique and the transfer id follows from provider and day — so several server
 * processes may run it, and a provider whose payable grows later that day is paid the next
 * day. Each provider in its own transaction: one failure does not hold back the others.
 *
 * @example
 * const paid = await payProviders({ db, actor: systemActor, now });
 */
export async function payProviders(options: {
  db: Database;
  actor: Actor;
  now: Date;
}): Promise<ProviderPayout[]> {
  const { actor, now } = options;
  authorize(actor, 'providerPayout.run');
  const payoutDay = shanghaiDayOf(now);
  const owed = await options.db.query<{ provider_id: string }>(
    `select substr(user_data, 10)::uuid as provider_id from ledger_accounts
      where code = $1 and credits_posted - debits_posted - debits_pending > 0
        and user_data like 'provider:%'
      order by id limit $2`,
    [exchangeAccountCodes.providerPayable, PAYOUT_RUN_PROVIDERS_MAX],
  );
  const paid: ProviderPayout[] = [];
  for (const { provider_id: providerId } of owed) {
    const payout = await options.db.transaction(async (tx) => {
      const accounts = providerAccountIds(providerId);
      const [balance] = await tx.query<{ fen: bigint }>(
        `select credits_posted - debits_posted - debits_pending as fen from ledger_accounts
          where id = $1`,
        [accounts.payable],
      );
      const amountFen = balance?.fen ?? 0n;
      if (amountFen <= 0n) return null;
      const transferId = exchangeLedgerId('payout', providerId, payoutDay);
      const id = uuidv7();
      const [inserted] = await tx.query<{ id: string }>(
        `insert into exchange_payouts (id, provider_id, payout_day, amount_fen, transfer_id, paid_at)
         values ($1, $2, $3::date, $4, $5, $6) on conflict (provider_id, payout_day) do nothing
         returning id`,
        [id, providerId, payoutDay, amountFen, transferId, now],
      );
      if (inserted === undefined) return null; // paid today already
      await runExchangeTransfers(
        tx,
        [
          {
            id: transferId,
            debitAccountId: accounts.payable,
            creditAccountId: accounts.paidOut,
            amountFen,
            ledger: CNY_LEDGER,
            code: exchangeTransferCodes.providerPayout,
            userData: `payout:${id}`,
          },
        ],
        now,
      );
      const result: ProviderPayout = { id, providerId, payoutDay, amountFen, transferId };
      await recordAudit({
        sql: tx,
        actor,
        action: 'providerPayout.pay',
        entity: { type: 'providerPayout', id, tenantId: providerId },
        after: result,
        requestId: actor.requestId,
        now,
      });
      return result;
    });
    if (payout !== null) paid.push(payout);
  }
  return paid;
}
