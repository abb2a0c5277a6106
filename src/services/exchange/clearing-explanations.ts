import type { Sql } from '../../db/client.ts';
import type {
  BindingConstraint,
  MarketResult,
  NextBestOffer,
} from '../../domain/exchange/matching/index.ts';

/** A binding constraint as stored and shown: fen as strings; a budget names the grant. */
export type BindingJson = { kind: BindingConstraint['kind'] } & Record<string, string | number>;

/** What the last clearing run told an enterprise about its request. */
export interface RequestClearingExplanation {
  clearedAt: string;
  /** Whether the run made its orders (false when the matcher could not serve it, or the order failed). */
  served: boolean;
  binding: BindingJson | null;
  nextBest: { offerId: string; enterpriseFenPerCardHour: string } | null;
  /** Why the orders the matcher found could not be made (capacity taken meanwhile, the policy refusing). */
  refusal: string | null;
}

/** What the last clearing run told a provider about its offer. */
export interface OfferClearingExplanation {
  clearedAt: string;
  cardHoursSold: number;
  cardHoursFree: number;
  binding: BindingJson | null;
  nextBest: { offerId: string; enterpriseFenPerCardHour: string } | null;
}

function bindingJson(binding: BindingConstraint | null): BindingJson | null {
  if (binding === null) return null;
  const json: BindingJson = { kind: binding.kind };
  for (const [key, value] of Object.entries(binding)) {
    if (key === 'kind') continue;
    // The matcher's budgets are the requests' grants (clearingSubsidies).
    const name = binding.kind === 'budget' && key === 'programId' ? 'grantId' : key;
    json[name] = typeof value === 'bigint' ? value.toString() : (value as string | number);
  }
  return json;
}

function nextBestJson(next: NextBestOffer | null): RequestClearingExplanation['nextBest'] {
  return next === null
    ? null
    : { offerId: next.offerId, enterpriseFenPerCardHour: next.enterpriseFenPerCardHour.toString() };
}

/**
 * Stores the matcher's explanations on the requests and offers of the run (the last run's
 * explanation replaces the one before), so each side reads why it got what it got in its own
 * view. `refusals` holds the requests whose orders could not be made.
 */
export async function storeClearingExplanations(options: {
  sql: Sql;
  result: MarketResult;
  refusals: ReadonlyMap<string, string>;
  now: Date;
}): Promise<void> {
  const { sql, result, refusals, now } = options;
  const clearedAt = now.toISOString();
  const requestRows = result.requests.map((item) => {
    const refusal = refusals.get(item.requestId) ?? null;
    const explanation: RequestClearingExplanation = {
      clearedAt,
      served: item.served && refusal === null,
      binding: bindingJson(item.binding),
      nextBest: nextBestJson(item.nextBest),
      refusal,
    };
    return { id: item.requestId, explanation };
  });
  const offerRows = result.offers.map((item) => {
    const explanation: OfferClearingExplanation = {
      clearedAt,
      cardHoursSold: item.cardHoursSold,
      cardHoursFree: item.cardHoursFree,
      binding: bindingJson(item.binding),
      nextBest: nextBestJson(item.nextBest),
    };
    return { id: item.offerId, explanation };
  });
  await sql.query(
    `update exchange_requests r set clearing_explanation = e.explanation
       from jsonb_to_recordset($1::jsonb) as e(id uuid, explanation jsonb) where r.id = e.id`,
    [JSON.stringify(requestRows)],
  );
  await sql.query(
    `update exchange_offers o set clearing_explanation = e.explanation
       from jsonb_to_recordset($1::jsonb) as e(id uuid, explanation jsonb) where o.id = e.id`,
    [JSON.stringify(offerRows)],
  );
}
