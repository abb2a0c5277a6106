import { assert } from '../domain/shared/assert.ts';
import { DomainError } from '../domain/shared/errors.ts';
import type { RoutingOffer } from '../services/gateway/catalog/index.ts';
import type { GatewayKey } from '../services/gateway/keys/index.ts';
import type { LimitHold } from './key-limiter.ts';
import { worstCaseMicroFen, type Reservation } from '../services/gateway/metering/index.ts';
import { meterModelOf } from './meter.ts';
import type { GatewayRuntime } from './runtime.ts';

/** A call that passed every check before forwarding: it holds its limits and its reservation. */
export interface AdmittedCall {
  key: GatewayKey;
  offers: RoutingOffer[];
  hold: LimitHold;
  reservation: Reservation;
  worstCase: { inputTokens: number; outputTokens: number };
}

/**
 * The steps every model call takes before it is forwarded, in this order: the key (401), the
 * model among the catalog's offerings of the right kind (404), the output bound (400 past the
 * model's cap), the key's limits with the worst case (429), and the reservation of the worst
 * case on the first offering in routing order (402; a fallback re-prices it to the next,
 * `repriceForFallback`). A refusal at any step undoes the
 * steps before it, so a refused call holds nothing.
 */
export async function admitCall(options: {
  runtime: GatewayRuntime;
  authorization: string | undefined;
  requestId: string;
  modelId: string;
  kind: 'chat' | 'embedding';
  /** An upper bound of the input tokens. */
  inputTokensBound: number;
  /** The output tokens asked for (`max_tokens` × `n`); null: the model's cap. */
  outputTokensAsked: number | null;
  now: Date;
}): Promise<AdmittedCall> {
  const { runtime, now } = options;
  const key = await runtime.keys.authenticate(options.authorization, now.getTime());
  const offers = runtime.routing
    .candidates(options.modelId)
    .filter((offer) => offer.kind === options.kind);
  if (offers.length === 0) {
    throw new DomainError('NOT_FOUND', `the model ${options.modelId} does not exist`, {
      field: 'model',
    });
  }
  const outputCap = Math.max(...offers.map((offer) => offer.outputTokensMax));
  if (options.outputTokensAsked !== null && options.outputTokensAsked > outputCap) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `max_tokens: at most ${outputCap} for ${options.modelId}`,
      {
        field: 'max_tokens',
      },
    );
  }
  const worstCase = {
    inputTokens: options.inputTokensBound,
    outputTokens: options.kind === 'embedding' ? 0 : (options.outputTokensAsked ?? outputCap),
  };
  // The key's spend limits hold the dearest offering's worst case: any of them may answer.
  const worstMicroFen = offers.reduce((most, offer) => {
    const cost = worstCaseMicroFen(meterModelOf(offer).prices, worstCase);
    return cost > most ? cost : most;
  }, 0n);
  const hold = await runtime.limiter.admit(
    key,
    { tokens: worstCase.inputTokens + worstCase.outputTokens, spendMicroFen: worstMicroFen },
    now,
  );
  try {
    const first = offers[0];
    assert(first !== undefined, 'admitCall: no offering');
    const reservation = await runtime.meter.reserve({
      requestId: options.requestId,
      enterpriseId: key.enterpriseId,
      projectId: key.project,
      keyId: key.id,
      model: meterModelOf(first),
      worstCase,
    });
    return { key, offers, hold, reservation, worstCase };
  } catch (error) {
    hold.finish({ tokens: 0, spendMicroFen: 0n });
    if (error instanceof DomainError && error.code === 'INSUFFICIENT_BALANCE') {
      runtime.onRefused({ modelId: options.modelId });
    }
    throw error;
  }
}

/**
 * Before a fallback sends the call to `offer`: the reservation moves to that offering's model
 * (its price and its voucher rate), so the call is billed once, at the price of the upstream that
 * answers. Throws INSUFFICIENT_BALANCE (402) when the balances cannot cover the new worst case;
 * the reservation then holds nothing.
 */
export async function repriceForFallback(call: AdmittedCall, offer: RoutingOffer): Promise<void> {
  if (call.reservation.model.id === offer.modelId && samePrices(call, offer)) return;
  await call.reservation.reprice({ model: meterModelOf(offer), worstCase: call.worstCase });
}

function samePrices(call: AdmittedCall, offer: RoutingOffer): boolean {
  const held = call.reservation.model;
  const next = meterModelOf(offer);
  return (
    held.providerId === next.providerId &&
    held.filedModel === next.filedModel &&
    held.chipOrigin === next.chipOrigin &&
    held.regionCode === next.regionCode &&
    held.prices.inputFenPerMillion === next.prices.inputFenPerMillion &&
    held.prices.outputFenPerMillion === next.prices.outputFenPerMillion &&
    held.prices.cachedInputFenPerMillion === next.prices.cachedInputFenPerMillion
  );
}
