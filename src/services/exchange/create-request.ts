import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { checkRequestTerms, type RequestTerms } from '../../domain/exchange/request.ts';
import type { LatencyClass } from '../../domain/exchange/hubs.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize, listScope } from '../authz/authorize.ts';
import type { RequestClearingExplanation } from './clearing-explanations.ts';
import { loadAccelerator } from './rows.ts';

/** A stored request, waiting for the matcher (`clearExchange`). */
export interface ComputeRequest extends RequestTerms {
  id: string;
  enterpriseId: string;
  grantId: string | null;
  state: 'open' | 'matched' | 'cancelled';
  createdAt: Date;
  /** What the last clearing run said about the request; null before one. */
  clearing: RequestClearingExplanation | null;
}

const REQUEST_COLUMNS = `id, enterprise_id, grant_id, quantity_unit, quantity, accelerator_ids,
  domestic_only, region_codes, latency_class, window_from, window_to,
  max_price_per, max_price_fen, splittable, state, created_at, clearing_explanation`;

interface RequestRow {
  id: string;
  enterprise_id: string;
  grant_id: string | null;
  quantity_unit: 'scu' | 'card-hours';
  quantity: bigint;
  accelerator_ids: string[];
  domestic_only: boolean;
  region_codes: string[];
  latency_class: LatencyClass;
  window_from: Date;
  window_to: Date;
  max_price_per: 'card-hour' | 'scu';
  max_price_fen: bigint;
  splittable: boolean;
  state: ComputeRequest['state'];
  created_at: Date;
  clearing_explanation: RequestClearingExplanation | null;
}

function toRequest(row: RequestRow): ComputeRequest {
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    grantId: row.grant_id,
    quantityUnit: row.quantity_unit,
    quantity: row.quantity,
    acceleratorIds: row.accelerator_ids,
    domesticOnly: row.domestic_only,
    regionCodes: row.region_codes,
    latencyClass: row.latency_class,
    window: { from: row.window_from, to: row.window_to },
    maxPriceAfterSubsidy: { per: row.max_price_per, fen: row.max_price_fen },
    splittable: row.splittable,
    state: row.state,
    createdAt: row.created_at,
    clearing: row.clearing_explanation,
  };
}

/**
 * An enterprise asks for compute: a quantity in SCU or card-hours, the accelerators and regions
 * (or latency class) it accepts, domestic only or not, a window, the most it pays after subsidy,
 * and whether several offers may serve it. It waits for the matcher; the grant it names
 * subsidises the orders a match makes.
 *
 * @example
 * await createComputeRequest({ db, actor, enterpriseId, terms: { quantityUnit: 'scu',
 *   quantity: 500n, acceleratorIds: [], domesticOnly: true, regionCodes: [], latencyClass: 'national',
 *   window, maxPriceAfterSubsidy: { per: 'scu', fen: 3_000n }, splittable: true }, now });
 */
export async function createComputeRequest(options: {
  db: Database;
  actor: Actor;
  enterpriseId: string;
  terms: RequestTerms;
  grantId?: string | undefined;
  now: Date;
}): Promise<ComputeRequest> {
  const { actor, enterpriseId, terms, now } = options;
  authorize(actor, 'exchangeRequest.create', { tenantId: enterpriseId });
  checkRequestTerms(terms);
  return options.db.transaction(async (tx) => {
    const [enterprise] = await tx.query('select 1 from enterprises where id = $1', [enterpriseId]);
    if (enterprise === undefined) {
      throw new DomainError('NOT_FOUND', 'enterprise not found', { field: 'enterpriseId' });
    }
    for (const [index, id] of terms.acceleratorIds.entries()) {
      await loadAccelerator(tx, id, `acceleratorIds.${index}`);
    }
    if (options.grantId !== undefined) await assertOwnGrant(tx, options.grantId, enterpriseId);
    const [row] = await tx.query<RequestRow>(
      `insert into exchange_requests (id, enterprise_id, grant_id, quantity_unit, quantity,
         accelerator_ids, domestic_only, region_codes, latency_class, window_from, window_to,
         max_price_per, max_price_fen, splittable, state, created_at)
       values ($1, $2, $3, $4, $5, $6::text[], $7, $8::text[], $9, $10, $11, $12, $13, $14, 'open', $15)
       returning ${REQUEST_COLUMNS}`,
      [
        uuidv7(),
        enterpriseId,
        options.grantId ?? null,
        terms.quantityUnit,
        terms.quantity,
        [...terms.acceleratorIds],
        terms.domesticOnly,
        [...terms.regionCodes],
        terms.latencyClass,
        terms.window.from,
        terms.window.to,
        terms.maxPriceAfterSubsidy.per,
        terms.maxPriceAfterSubsidy.fen,
        terms.splittable,
        now,
      ],
    );
    assert(row !== undefined, 'createComputeRequest: insert returned no row');
    const request = toRequest(row);
    await recordAudit({
      sql: tx,
      actor,
      action: 'exchangeRequest.create',
      entity: { type: 'exchangeRequest', id: request.id, tenantId: enterpriseId },
      after: request,
      requestId: actor.requestId,
      now,
    });
    return request;
  });
}

async function assertOwnGrant(tx: Sql, grantId: string, enterpriseId: string): Promise<void> {
  const [grant] = /^[0-9a-f-]{36}$/iu.test(grantId)
    ? await tx.query('select 1 from voucher_grants where id = $1 and enterprise_id = $2', [
        grantId,
        enterpriseId,
      ])
    : [];
  if (grant === undefined)
    throw new DomainError('NOT_FOUND', 'grant not found', { field: 'grantId' });
}

/** Requests within the caller's reach (operator staff: all; an enterprise: its own), newest first. */
export async function listComputeRequests(options: {
  sql: Sql;
  actor: Actor;
  state?: ComputeRequest['state'] | undefined;
  limit: number;
}): Promise<ComputeRequest[]> {
  const scope = listScope(options.actor, 'exchangeRequest.list');
  const rows = await options.sql.query<RequestRow>(
    `select ${REQUEST_COLUMNS} from exchange_requests
      where ($1::uuid is null or enterprise_id = $1) and ($2::text is null or state = $2)
      order by created_at desc, id desc limit $3`,
    [scope.tenantId, options.state ?? null, Math.min(Math.max(options.limit, 1), 200)],
  );
  return rows.map(toRequest);
}

/** Open requests in arrival order, for the matcher (at most `limit`). */
export async function loadOpenRequests(sql: Sql, limit: number): Promise<ComputeRequest[]> {
  const rows = await sql.query<RequestRow>(
    `select ${REQUEST_COLUMNS} from exchange_requests where state = 'open'
      order by created_at, id limit $1`,
    [limit],
  );
  return rows.map(toRequest);
}

/**
 * Withdraws an open request (its enterprise): the clearing run no longer considers it. A
 * matched request has orders; those are cancelled one by one (`cancelOrder`).
 * INVALID_STATE_TRANSITION for a request that is not open.
 */
export async function cancelComputeRequest(options: {
  db: Database;
  actor: Actor;
  requestId: string;
  now: Date;
}): Promise<ComputeRequest> {
  const { actor, now } = options;
  authorize(actor, 'exchangeRequest.cancel');
  return options.db.transaction(async (tx) => {
    const [row] = /^[0-9a-f-]{36}$/iu.test(options.requestId)
      ? await tx.query<RequestRow>(
          `select ${REQUEST_COLUMNS} from exchange_requests where id = $1 for update`,
          [options.requestId],
        )
      : [];
    if (row === undefined) throw new DomainError('NOT_FOUND', 'request not found');
    authorize(actor, 'exchangeRequest.cancel', { tenantId: row.enterprise_id });
    if (row.state !== 'open') {
      throw new DomainError('INVALID_STATE_TRANSITION', `the request is ${row.state}`, {
        state: row.state,
      });
    }
    const [updated] = await tx.query<RequestRow>(
      `update exchange_requests set state = 'cancelled' where id = $1 returning ${REQUEST_COLUMNS}`,
      [row.id],
    );
    assert(updated !== undefined, 'cancelComputeRequest: the row is locked');
    const cancelled = toRequest(updated);
    await recordAudit({
      sql: tx,
      actor,
      action: 'exchangeRequest.cancel',
      entity: { type: 'exchangeRequest', id: row.id, tenantId: row.enterprise_id },
      before: { state: row.state },
      after: { state: cancelled.state },
      requestId: actor.requestId,
      now,
    });
    return cancelled;
  });
}
