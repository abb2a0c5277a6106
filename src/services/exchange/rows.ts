import type { Sql } from '../../db/client.ts';
import type { Accelerator } from '../../domain/exchange/accelerators.ts';
import type { NationalHub } from '../../domain/exchange/hubs.ts';
import type { OfferClearingExplanation } from './clearing-explanations.ts';
import type { SubsidyMode } from '../../domain/exchange/settlement.ts';
import type { AcceleratorOrigin } from '../../domain/parties/provider.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/** A stored offer. */
export interface Offer {
  id: string;
  providerId: string;
  acceleratorId: string;
  cardCount: number;
  regionCode: string;
  hub: NationalHub | null;
  pueMilli: number;
  greenShareBps: number;
  pricePerCardHourFen: bigint;
  availableFrom: Date;
  availableTo: Date;
  minTermHours: number;
  splittable: boolean;
  cardsPerNode: number;
  state: 'open' | 'withdrawn';
  createdAt: Date;
  /** What the last clearing run said about the offer; null before one. */
  clearing: OfferClearingExplanation | null;
}

/** A stored order: the contract of a buy-now or a match. */
export interface Order {
  id: string;
  contractNumber: string;
  enterpriseId: string;
  providerId: string;
  offerId: string;
  requestId: string | null;
  acceleratorId: string;
  chipOrigin: AcceleratorOrigin;
  cards: number;
  startsAt: Date;
  endsAt: Date;
  cardHours: bigint;
  pricePerCardHourFen: bigint;
  amountFen: bigint;
  subsidyMode: SubsidyMode;
  programId: string | null;
  grantId: string | null;
  claimId: string | null;
  subsidyFen: bigint;
  policyTrace: unknown;
  state: 'active' | 'cancelled' | 'completed';
  settledCardHours: bigint;
  settledFen: bigint;
  settledSubsidyFen: bigint;
  createdAt: Date;
  updatedAt: Date;
}

export const OFFER_COLUMNS = `id, provider_id, accelerator_id, card_count, region_code, hub, pue_milli,
  green_share_bps, price_per_card_hour_fen, available_from, available_to, min_term_hours,
  splittable, cards_per_node, state, created_at, clearing_explanation`;

export interface OfferRow {
  id: string;
  provider_id: string;
  accelerator_id: string;
  card_count: number;
  region_code: string;
  hub: string | null;
  pue_milli: number;
  green_share_bps: number;
  price_per_card_hour_fen: bigint;
  available_from: Date;
  available_to: Date;
  min_term_hours: number;
  splittable: boolean;
  cards_per_node: number;
  state: 'open' | 'withdrawn';
  created_at: Date;
  clearing_explanation: OfferClearingExplanation | null;
}

export function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    providerId: row.provider_id,
    acceleratorId: row.accelerator_id,
    cardCount: row.card_count,
    regionCode: row.region_code,
    hub: row.hub as NationalHub | null,
    pueMilli: row.pue_milli,
    greenShareBps: row.green_share_bps,
    pricePerCardHourFen: row.price_per_card_hour_fen,
    availableFrom: row.available_from,
    availableTo: row.available_to,
    minTermHours: row.min_term_hours,
    splittable: row.splittable,
    cardsPerNode: row.cards_per_node,
    state: row.state,
    createdAt: row.created_at,
    clearing: row.clearing_explanation,
  };
}

export const ORDER_COLUMNS = `id, contract_number, enterprise_id, provider_id, offer_id, request_id,
  accelerator_id, chip_origin, cards, starts_at, ends_at, card_hours, price_per_card_hour_fen,
  amount_fen, subsidy_mode, program_id, grant_id, claim_id, subsidy_fen, policy_trace, state,
  settled_card_hours, settled_fen, settled_subsidy_fen, created_at, updated_at`;

export interface OrderRow {
  id: string;
  contract_number: string;
  enterprise_id: string;
  provider_id: string;
  offer_id: string;
  request_id: string | null;
  accelerator_id: string;
  chip_origin: AcceleratorOrigin;
  cards: number;
  starts_at: Date;
  ends_at: Date;
  card_hours: bigint;
  price_per_card_hour_fen: bigint;
  amount_fen: bigint;
  subsidy_mode: SubsidyMode;
  program_id: string | null;
  grant_id: string | null;
  claim_id: string | null;
  subsidy_fen: bigint;
  policy_trace: unknown;
  state: Order['state'];
  settled_card_hours: bigint;
  settled_fen: bigint;
  settled_subsidy_fen: bigint;
  created_at: Date;
  updated_at: Date;
}

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    contractNumber: row.contract_number,
    enterpriseId: row.enterprise_id,
    providerId: row.provider_id,
    offerId: row.offer_id,
    requestId: row.request_id,
    acceleratorId: row.accelerator_id,
    chipOrigin: row.chip_origin,
    cards: row.cards,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cardHours: row.card_hours,
    pricePerCardHourFen: row.price_per_card_hour_fen,
    amountFen: row.amount_fen,
    subsidyMode: row.subsidy_mode,
    programId: row.program_id,
    grantId: row.grant_id,
    claimId: row.claim_id,
    subsidyFen: row.subsidy_fen,
    policyTrace: row.policy_trace,
    state: row.state,
    settledCardHours: row.settled_card_hours,
    settledFen: row.settled_fen,
    settledSubsidyFen: row.settled_subsidy_fen,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Loads an order (optionally locking it); NOT_FOUND for an unknown or malformed id. */
export async function loadOrder(sql: Sql, orderId: string, forUpdate = false): Promise<Order> {
  const [row] = isUuid(orderId)
    ? await sql.query<OrderRow>(
        `select ${ORDER_COLUMNS} from exchange_orders where id = $1${forUpdate ? ' for update' : ''}`,
        [orderId],
      )
    : [];
  if (row === undefined)
    throw new DomainError('NOT_FOUND', 'order not found', { field: 'orderId' });
  return toOrder(row);
}

/** Loads an offer (optionally locking it); NOT_FOUND for an unknown or malformed id. */
export async function loadOffer(sql: Sql, offerId: string, forShare = false): Promise<Offer> {
  const [row] = isUuid(offerId)
    ? await sql.query<OfferRow>(
        `select ${OFFER_COLUMNS} from exchange_offers where id = $1${forShare ? ' for share' : ''}`,
        [offerId],
      )
    : [];
  if (row === undefined)
    throw new DomainError('NOT_FOUND', 'offer not found', { field: 'offerId' });
  return toOffer(row);
}

interface AcceleratorRow {
  id: string;
  vendor: string;
  model: string;
  origin: AcceleratorOrigin;
  memory_gb: number;
  fp16_dense_tflops: number;
  power_watts: number;
}

export const ACCELERATOR_COLUMNS =
  'id, vendor, model, origin, memory_gb, fp16_dense_tflops, power_watts';

export function toAccelerator(row: AcceleratorRow): Accelerator {
  return {
    id: row.id,
    vendor: row.vendor,
    model: row.model,
    origin: row.origin,
    memoryGb: row.memory_gb,
    fp16DenseTflops: row.fp16_dense_tflops,
    powerWatts: row.power_watts,
  };
}

/** The catalog, by id. */
export async function loadAccelerators(sql: Sql): Promise<Accelerator[]> {
  const rows = await sql.query<AcceleratorRow>(
    `select ${ACCELERATOR_COLUMNS} from exchange_accelerators order by id limit 1000`,
  );
  return rows.map(toAccelerator);
}

/** One accelerator; VALIDATION_FAILED naming `field` when the catalog has none of that id. */
export async function loadAccelerator(sql: Sql, id: string, field: string): Promise<Accelerator> {
  const [row] = await sql.query<AcceleratorRow>(
    `select ${ACCELERATOR_COLUMNS} from exchange_accelerators where id = $1`,
    [id],
  );
  if (row === undefined) {
    throw new DomainError('VALIDATION_FAILED', `${field}: not in the accelerator catalog`, {
      field,
    });
  }
  return toAccelerator(row);
}
