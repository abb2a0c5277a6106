import type { Database, Sql } from '../../db/client.ts';
import { checkAccelerator, type Accelerator } from '../../domain/exchange/accelerators.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { ACCELERATOR_COLUMNS, loadAccelerators, toAccelerator } from './rows.ts';

/** The accelerator catalog, by id (public: offers are compared on it). */
export async function listAccelerators(options: { sql: Sql }): Promise<Accelerator[]> {
  return loadAccelerators(options.sql);
}

/**
 * Adds or changes one accelerator of the catalog (an operator correcting a vendor figure or
 * adding a chip). Offers keep naming it by id; their per-SCU prices follow the new figure.
 *
 * @example
 * await updateAccelerator({ db, actor, accelerator: { id: 'ascend-910c', … }, now });
 */
export async function updateAccelerator(options: {
  db: Database;
  actor: Actor;
  accelerator: Accelerator;
  now: Date;
}): Promise<Accelerator> {
  authorize(options.actor, 'accelerator.update');
  const accelerator = checkAccelerator(options.accelerator);
  return options.db.transaction(async (tx) => {
    const [before] = await tx.query<Parameters<typeof toAccelerator>[0]>(
      `select ${ACCELERATOR_COLUMNS} from exchange_accelerators where id = $1 for update`,
      [accelerator.id],
    );
    await tx.query(
      `insert into exchange_accelerators
         (id, vendor, model, origin, memory_gb, fp16_dense_tflops, power_watts, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (id) do update set vendor = excluded.vendor, model = excluded.model,
         origin = excluded.origin, memory_gb = excluded.memory_gb,
         fp16_dense_tflops = excluded.fp16_dense_tflops, power_watts = excluded.power_watts,
         updated_at = excluded.updated_at`,
      [
        accelerator.id,
        accelerator.vendor,
        accelerator.model,
        accelerator.origin,
        accelerator.memoryGb,
        accelerator.fp16DenseTflops,
        accelerator.powerWatts,
        options.now,
      ],
    );
    await recordAudit({
      sql: tx,
      actor: options.actor,
      action: before === undefined ? 'accelerator.create' : 'accelerator.update',
      entity: { type: 'accelerator', id: accelerator.id, tenantId: null },
      ...(before === undefined ? {} : { before: toAccelerator(before) }),
      after: accelerator,
      requestId: options.actor.requestId,
      now: options.now,
    });
    return accelerator;
  });
}
