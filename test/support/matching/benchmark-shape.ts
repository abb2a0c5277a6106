/** The benchmark market's shape (issue 15): 10 000 requests × 1 000 offers × 24 hourly slots. */
export const BENCHMARK_SHAPE = {
  seed: 2026,
  requestCount: 10_000,
  offerCount: 1_000,
  slotCount: 24,
  nodesPerOfferMax: 16,
  cardsPerRequestMax: 16,
  budgetShareBps: 6000,
  energyWeightFenPerKwh: 50,
  demand: 'realistic',
} as const;
