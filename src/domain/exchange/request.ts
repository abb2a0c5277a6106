import { isRegionCode } from '../parties/region.ts';
import { DomainError } from '../shared/errors.ts';
import { checkHourWindow, type HourWindow } from './hours.ts';
import { latencyClasses, type LatencyClass } from './hubs.ts';

/** The most an enterprise pays after subsidy, per card-hour or per SCU, in fen. */
export interface MaximumPrice {
  per: 'card-hour' | 'scu';
  fen: bigint;
}

/** How a request states its quantity: standard compute units, or card-hours of its chips. */
export type QuantityUnit = 'scu' | 'card-hours';

/** What an enterprise asks for, waiting for the matcher. */
export interface RequestTerms {
  quantityUnit: QuantityUnit;
  quantity: bigint;
  /** Accelerators it can run on; empty = any in the catalog. */
  acceleratorIds: readonly string[];
  domesticOnly: boolean;
  /** GB/T 2260 codes where the compute may be (a prefix region holds its districts); empty = the hubs its latency class accepts. */
  regionCodes: readonly string[];
  latencyClass: LatencyClass;
  window: HourWindow;
  /** Most the enterprise pays after subsidy, per card-hour or per SCU (the matcher's `MaximumPrice`). */
  maxPriceAfterSubsidy: MaximumPrice;
  /** Whether it may be served by several offers. */
  splittable: boolean;
}

export const REQUEST_QUANTITY_MAX = 10_000_000n;
const LIST_MAX = 50;

/** Checks a request's terms; VALIDATION_FAILED naming the field. */
export function checkRequestTerms(terms: RequestTerms): void {
  const fail = (field: string, rule: string): never => {
    throw new DomainError('VALIDATION_FAILED', `${field}: ${rule}`, { field });
  };
  if (!(['scu', 'card-hours'] as readonly string[]).includes(terms.quantityUnit)) {
    fail('quantityUnit', 'scu or card-hours');
  }
  if (terms.quantity < 1n || terms.quantity > REQUEST_QUANTITY_MAX) {
    fail('quantity', `1–${REQUEST_QUANTITY_MAX}`);
  }
  if (terms.acceleratorIds.length > LIST_MAX) fail('acceleratorIds', `at most ${LIST_MAX}`);
  if (terms.regionCodes.length > LIST_MAX) fail('regionCodes', `at most ${LIST_MAX}`);
  terms.regionCodes.forEach((code, index) => {
    if (!isRegionCode(code)) fail(`regionCodes.${index}`, 'a GB/T 2260 code');
  });
  if (!latencyClasses.includes(terms.latencyClass))
    fail('latencyClass', latencyClasses.join(' or '));
  checkHourWindow(terms.window, 'window');
  if (!(['card-hour', 'scu'] as readonly string[]).includes(terms.maxPriceAfterSubsidy.per)) {
    fail('maxPriceAfterSubsidy.per', 'card-hour or scu');
  }
  if (terms.maxPriceAfterSubsidy.fen < 1n) fail('maxPriceAfterSubsidy.fen', 'positive');
}
