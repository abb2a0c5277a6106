import type { Sql } from '../../../db/client.ts';
import {
  GATEWAY_MODEL_COLUMNS,
  toGatewayModel,
  type GatewayModel,
  type GatewayModelRow,
} from './rows.ts';
import type { SecretBox } from './secret-box.ts';

/** An active offering with what the gateway needs to call it: the upstream key in clear. */
export interface RoutingOffer extends GatewayModel {
  /** Decrypted for the request path only; never logged, never in a response. */
  upstreamApiKey: string | null;
}

/**
 * Every active offering of the catalog, for the gateway's in-memory routing table (refreshed
 * every few seconds, so no call waits on the catalog). The system reads it for every caller:
 * which models a key may call is the gateway's rule, not a person's reach. Keys that cannot be
 * decrypted (a changed GATEWAY_SECRET_KEY) leave their offering out and are reported.
 *
 * @example
 * const { offers, unreadable } = await loadRoutingOffers({ sql: db, secretBox });
 */
export async function loadRoutingOffers(options: {
  sql: Sql;
  /** Absent: no box configured; offerings with a stored key are then unreadable. */
  secretBox: (() => SecretBox) | undefined;
}): Promise<{ offers: RoutingOffer[]; unreadable: string[] }> {
  const rows = await options.sql.query<GatewayModelRow>(
    `select ${GATEWAY_MODEL_COLUMNS} from gateway_models where status = 'active'
      order by model_id, route_order, id`,
  );
  const offers: RoutingOffer[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    const sealed = row.upstream_api_key_encrypted;
    if (sealed === null) {
      offers.push({ ...toGatewayModel(row), upstreamApiKey: null });
      continue;
    }
    try {
      const box = options.secretBox?.();
      if (!box) throw new Error('no secret box');
      offers.push({ ...toGatewayModel(row), upstreamApiKey: box.decrypt(sealed) });
    } catch {
      unreadable.push(row.id);
    }
  }
  return { offers, unreadable };
}

/**
 * Writes a health probe's result on an offering (the catalog shows it; routing skips offerings
 * that are `down` while another is up). A system write, not audited: it is measurement, not a
 * decision.
 */
export async function recordModelHealth(options: {
  sql: Sql;
  id: string;
  health: 'up' | 'down';
  latencyMs: number | null;
  error: string | null;
  now: Date;
}): Promise<void> {
  await options.sql.query(
    `update gateway_models set health = $2, health_latency_ms = $3, health_error = $4,
       health_checked_at = $5 where id = $1`,
    [
      options.id,
      options.health,
      options.latencyMs,
      options.error?.slice(0, 500) ?? null,
      options.now,
    ],
  );
}
