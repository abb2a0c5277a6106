import { Stage } from './screen-offers.ts';
import type { BindingConstraint, MarketOffer } from './types.ts';

/**
 * The binding constraint a screen stage stands for, on the offer it refused: what both sides'
 * explanations name. `undefined` for a stage past the screen (the caller knows what it means).
 *
 * @example
 * screenRefusal(Stage.region, offer, 0n) // { kind: 'region' }
 */
export function screenRefusal(
  stage: number | undefined,
  offer: MarketOffer,
  enterpriseFenPerCardHour: bigint,
): BindingConstraint | undefined {
  switch (stage) {
    case Stage.accelerator:
      return { kind: 'accelerator' };
    case Stage.origin:
      return { kind: 'origin' };
    case Stage.region:
      return { kind: 'region' };
    case Stage.minimumTerm:
      return { kind: 'minimum-term', offerId: offer.id, minimumTermHours: offer.minimumTermHours };
    case Stage.maximumPrice:
      return { kind: 'maximum-price', offerId: offer.id, enterpriseFenPerCardHour };
    case Stage.nodeSize:
      return { kind: 'node-size', offerId: offer.id, cardsPerNode: offer.cardsPerNode };
    default:
      return undefined;
  }
}
