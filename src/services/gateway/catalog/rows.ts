import type { ChipOrigin } from '../../../domain/policy/program.ts';

/** One upstream offering of a public model id, as the catalog stores it (no key in clear). */
export interface GatewayModel {
  id: string;
  modelId: string;
  providerId: string;
  upstreamBaseUrl: string;
  upstreamModel: string;
  hasUpstreamApiKey: boolean;
  inputPriceFenPerMillion: bigint;
  outputPriceFenPerMillion: bigint;
  cachedInputPriceFenPerMillion: bigint;
  contextTokensMax: number;
  outputTokensMax: number;
  kind: 'chat' | 'embedding';
  filed: boolean;
  filingNumber: string | null;
  acceleratorOrigin: ChipOrigin;
  regionCode: string;
  routeOrder: number;
  status: 'active' | 'disabled';
  health: 'unknown' | 'up' | 'down';
  healthCheckedAt: Date | null;
  healthLatencyMs: number | null;
  healthError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface GatewayModelRow {
  id: string;
  model_id: string;
  provider_id: string;
  upstream_base_url: string;
  upstream_model: string;
  upstream_api_key_encrypted: Uint8Array | null;
  input_price_fen_per_million: bigint;
  output_price_fen_per_million: bigint;
  cached_input_price_fen_per_million: bigint;
  context_tokens_max: number;
  output_tokens_max: number;
  kind: string;
  filed: boolean;
  filing_number: string | null;
  accelerator_origin: string;
  region_code: string;
  route_order: number;
  status: string;
  health: string;
  health_checked_at: Date | null;
  health_latency_ms: number | null;
  health_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export const GATEWAY_MODEL_COLUMNS = `id, model_id, provider_id, upstream_base_url, upstream_model,
  upstream_api_key_encrypted, input_price_fen_per_million, output_price_fen_per_million,
  cached_input_price_fen_per_million, context_tokens_max, output_tokens_max, kind, filed,
  filing_number, accelerator_origin, region_code, route_order, status, health,
  health_checked_at, health_latency_ms, health_error, created_at, updated_at`;

export function toGatewayModel(row: GatewayModelRow): GatewayModel {
  return {
    id: row.id,
    modelId: row.model_id,
    providerId: row.provider_id,
    upstreamBaseUrl: row.upstream_base_url,
    upstreamModel: row.upstream_model,
    hasUpstreamApiKey: row.upstream_api_key_encrypted !== null,
    inputPriceFenPerMillion: row.input_price_fen_per_million,
    outputPriceFenPerMillion: row.output_price_fen_per_million,
    cachedInputPriceFenPerMillion: row.cached_input_price_fen_per_million,
    contextTokensMax: row.context_tokens_max,
    outputTokensMax: row.output_tokens_max,
    // The columns' check constraints admit only these values.
    kind: row.kind as GatewayModel['kind'],
    filed: row.filed,
    filingNumber: row.filing_number,
    acceleratorOrigin: row.accelerator_origin as ChipOrigin,
    regionCode: row.region_code,
    routeOrder: row.route_order,
    status: row.status as GatewayModel['status'],
    health: row.health as GatewayModel['health'],
    healthCheckedAt: row.health_checked_at ? new Date(row.health_checked_at) : null,
    healthLatencyMs: row.health_latency_ms,
    healthError: row.health_error,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
