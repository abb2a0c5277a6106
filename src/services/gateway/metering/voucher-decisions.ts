import type { Database } from '../../../db/client.ts';
import type { MeteredModel } from '../../../domain/gateway/model-subsidy.ts';
import { decideGrantSubsidy } from './grant-funding.ts';
import type { EnterpriseLease } from './lease.ts';

/**
 * The program's rate for calls of `model` paid from this lease's grant: the policy engine, once
 * per model and lease (0 without a model voucher). Calls arriving together for a model share one
 * decision; the decision also sets how much more of the grant the lease may take.
 */
export async function rateFor(options: {
  db: Database;
  lease: EnterpriseLease;
  model: MeteredModel;
  sliceFen: bigint;
  now: Date;
}): Promise<number> {
  const { lease, model } = options;
  const grant = lease.grant;
  if (!grant) return 0;
  const key = subsidyKeyOf(model);
  const known = lease.subsidies.get(key);
  if (known) return known.rateBps;
  let deciding = lease.deciding.get(key);
  if (!deciding) {
    deciding = decideGrantSubsidy({
      sql: options.db,
      grant,
      enterpriseId: lease.enterpriseId,
      model,
      wantedFen: options.sliceFen,
      now: options.now,
    })
      .then((decided) => {
        lease.subsidies.set(key, decided);
        lease.voucherLimitFen = decided.voucherLimitFen;
        return decided;
      })
      .finally(() => lease.deciding.delete(key));
    lease.deciding.set(key, deciding);
  }
  return (await deciding).rateBps;
}

/** The facts the policy engine decides a model's rate on, as one key (kept per model object). */
function subsidyKeyOf(model: MeteredModel): string {
  let key = subsidyKeys.get(model);
  if (key === undefined) {
    key = JSON.stringify([
      model.id,
      model.providerId,
      model.filedModel,
      model.chipOrigin,
      model.regionCode,
    ]);
    subsidyKeys.set(model, key);
  }
  return key;
}

const subsidyKeys = new WeakMap<MeteredModel, string>();

/**
 * Asks the program again how much more of the grant this lease may take (its year to date has
 * moved since the last answer): before a top-up that needs the voucher.
 */
export async function refreshVoucherLimit(options: {
  db: Database;
  lease: EnterpriseLease;
  model: MeteredModel;
  wantedFen: bigint;
  now: Date;
}): Promise<void> {
  const { lease } = options;
  if (!lease.grant) return;
  const subsidy = await decideGrantSubsidy({
    sql: options.db,
    grant: lease.grant,
    enterpriseId: lease.enterpriseId,
    model: options.model,
    wantedFen: options.wantedFen,
    now: options.now,
  });
  lease.voucherLimitFen = subsidy.voucherLimitFen;
}
