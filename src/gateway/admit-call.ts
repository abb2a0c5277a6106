import { DomainError } from '../domain/shared/errors.ts';
import type { RoutingOffer } from '../services/gateway/catalog/index.ts';
import type { GatewayKey } from '../services/gateway/keys/index.ts';
import type { LimitHold } from './key-limiter.ts';
import { priceUsageMicroFen, type MeteredOffer, type Reservation } from './meter.ts';
import type { GatewayRuntime } from './runtime.ts';

/** A call that passed every check before forwarding: it holds its limits and its reservation. */
export interface AdmittedCall {
  key: GatewayKey;
  offers: RoutingOffer[];
  hold: LimitHold;
  reservation: Reservation;
  worstCase: { inputTokens: number; outputTokens: number };
}

export function meteredOfferOf(offer: RoutingOffer): MeteredOffer {
  return {
    offerId: offer.id,
    modelId: offer.modelId,
    providerId: offer.providerId,
    inputPriceFenPerMillion: offer.inputPriceFenPerMillion,
    outputPriceFenPerMillion: offer.outputPriceFenPerMillion,
    cachedInputPriceFenPerMillion: offer.cachedInputPriceFenPerMillion,
    filed: offer.filed,
    acceleratorOrigin: offer.acceleratorOrigin,
    regionCode: offer.regionCode,
  };
}

/**
 * The steps every model call takes before it is forwarded, in this order: the key (401), the
 * model among the catalog's offerings of the right kind (404), the output bound (400 past the
 * model's cap), the key's limits with the worst case (429), and the reservation of the worst
 * case on the dearest offering it may be routed to (402). A refusal at any step undoes the
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
  const usage = { ...worstCase, cachedInputTokens: 0 };
  const worstMicroFen = offers.reduce((most, offer) => {
    const cost = priceUsageMicroFen(meteredOfferOf(offer), usage);
    return cost > most ? cost : most;
  }, 0n);
  const hold = await runtime.limiter.admit(
    key,
    { tokens: worstCase.inputTokens + worstCase.outputTokens, spendMicroFen: worstMicroFen },
    now,
  );
  try {
    const reservation = await runtime.meter.reserve({
      requestId: options.requestId,
      caller: { keyId: key.id, enterpriseId: key.enterpriseId, project: key.project },
      modelId: options.modelId,
      offers: offers.map(meteredOfferOf),
      worstCase,
      now,
    });
    return { key, offers, hold, reservation, worstCase };
  } catch (error) {
    hold.finish({ tokens: 0, spendMicroFen: 0n });
    throw error;
  }
}
