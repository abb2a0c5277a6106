import { hubsWithinLatency, type HubId } from '../../../src/domain/exchange/hubs.ts';
import type {
  AcceleratorOrigin,
  MarketInput,
  MarketOffer,
  MarketRequest,
  SubsidyTerm,
} from '../../../src/domain/exchange/matching/types.ts';

/**
 * Seeded random markets for the matcher's tests and benchmark, shaped like the exchange the
 * issue describes: the accelerators of shared PROGRAMS.md (dense FP16 TFLOPS, origin) at
 * 2026 rental prices, offers in the data-centre cities of the eight national hubs, requests
 * from enterprises in eight cities that accept one, two or any accelerator within a latency
 * class, half of them splittable, and per-origin subsidy rates of four city programs.
 */

/** mulberry32: a small, fast, seeded generator (the same seed gives the same market). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Accelerator {
  readonly id: string;
  readonly origin: AcceleratorOrigin;
  readonly tflops: number;
  readonly watts: number;
  /** Typical rental price per card-hour, fen. */
  readonly priceFen: number;
  readonly weight: number;
}

export const ACCELERATORS: readonly Accelerator[] = [
  { id: 'nvidia-h100', origin: 'imported', tflops: 989, watts: 700, priceFen: 2200, weight: 10 },
  { id: 'nvidia-a100', origin: 'imported', tflops: 312, watts: 400, priceFen: 850, weight: 15 },
  { id: 'nvidia-h20', origin: 'imported', tflops: 148, watts: 400, priceFen: 550, weight: 15 },
  { id: 'nvidia-l40s', origin: 'imported', tflops: 362, watts: 350, priceFen: 650, weight: 10 },
  {
    id: 'huawei-ascend-910b',
    origin: 'domestic',
    tflops: 320,
    watts: 400,
    priceFen: 750,
    weight: 30,
  },
  {
    id: 'huawei-ascend-910',
    origin: 'domestic',
    tflops: 256,
    watts: 310,
    priceFen: 500,
    weight: 20,
  },
];

const DATA_CENTRES: readonly { readonly hub: HubId; readonly region: string }[] = [
  { hub: 'jing-jin-ji', region: '130700' },
  { hub: 'jing-jin-ji', region: '110000' },
  { hub: 'yangtze-delta', region: '340200' },
  { hub: 'yangtze-delta', region: '330100' },
  { hub: 'yangtze-delta', region: '320500' },
  { hub: 'greater-bay', region: '440200' },
  { hub: 'greater-bay', region: '440300' },
  { hub: 'chengdu-chongqing', region: '510100' },
  { hub: 'chengdu-chongqing', region: '500000' },
  { hub: 'inner-mongolia', region: '150100' },
  { hub: 'guizhou', region: '520100' },
  { hub: 'gansu', region: '621000' },
  { hub: 'ningxia', region: '640500' },
];

/** Enterprise cities and the program (if any) whose per-origin rates they get. */
const ENTERPRISE_CITIES: readonly {
  readonly region: string;
  readonly program: string | null;
  readonly domesticBps: number;
  readonly importedBps: number;
}[] = [
  { region: '510104', program: 'chengdu-compute', domesticBps: 5000, importedBps: 3000 },
  { region: '330106', program: 'hangzhou-compute', domesticBps: 4000, importedBps: 2000 },
  { region: '110108', program: 'beijing-compute', domesticBps: 3000, importedBps: 2000 },
  { region: '440305', program: 'shenzhen-compute', domesticBps: 3000, importedBps: 1500 },
  { region: '320500', program: null, domesticBps: 0, importedBps: 0 },
  { region: '420100', program: null, domesticBps: 0, importedBps: 0 },
  { region: '520100', program: 'chengdu-compute', domesticBps: 2000, importedBps: 0 },
  { region: '410100', program: null, domesticBps: 0, importedBps: 0 },
];

export interface MarketShape {
  readonly seed: number;
  readonly requestCount: number;
  readonly offerCount: number;
  readonly slotCount: number;
  /** Nodes of 8 cards per offer: from 1 to this. */
  readonly nodesPerOfferMax: number;
  /** Cards per request: from 1 to this. */
  readonly cardsPerRequestMax: number;
  /** Each program's budget as a share (basis points) of what its requests could ask of it. */
  readonly budgetShareBps: number;
  readonly energyWeightFenPerKwh: number;
  /**
   * `realistic`: requests name one accelerator (80 %), two (18 %) or accept any (2 %), 30 %
   * are domestic only, latency local/regional/national 5:3:1 (half the local ones name their
   * province instead of its hub). `broad`: for small instances where every
   * request should have a few offers to fight over — any accelerator half the time, 10 %
   * domestic only, national latency.
   */
  readonly demand: 'realistic' | 'broad';
}

export function generateMarket(shape: MarketShape): MarketInput {
  const random = seededRandom(shape.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number): number =>
    low + Math.floor(random() * (high - low + 1));
  const weighted = (): Accelerator => {
    let roll = random() * ACCELERATORS.reduce((sum, accelerator) => sum + accelerator.weight, 0);
    for (const accelerator of ACCELERATORS) {
      roll -= accelerator.weight;
      if (roll < 0) return accelerator;
    }
    return ACCELERATORS[0] as Accelerator;
  };
  const S = shape.slotCount;
  const offers: MarketOffer[] = Array.from({ length: shape.offerCount }, (_, index) => {
    const accelerator = weighted();
    const centre = pick(DATA_CENTRES);
    const cards = 8 * between(1, shape.nodesPerOfferMax);
    const start = random() < 0.7 ? 0 : between(0, Math.floor(S / 3));
    const end = random() < 0.7 ? S : between(Math.ceil((2 * S) / 3), S);
    const freeCardsBySlot = Array.from({ length: S }, (_, slot) => {
      if (slot < start || slot >= end) return 0;
      return random() < 0.15 ? Math.floor(cards * random()) : cards; // hours where earlier orders hold cards
    });
    return {
      id: `offer-${String(index).padStart(5, '0')}`,
      providerId: `provider-${index % 37}`,
      acceleratorId: accelerator.id,
      origin: accelerator.origin,
      fp16DenseTflops: accelerator.tflops,
      powerWatts: accelerator.watts,
      regionCode: centre.region,
      hubId: centre.hub,
      pueMilli: between(1100, 1500),
      greenShareBps: between(0, 8000),
      priceFenPerCardHour: BigInt(Math.round(accelerator.priceFen * (0.8 + 0.4 * random()))),
      freeCardsBySlot,
      minimumTermHours: Math.min(pick([1, 1, 1, 2, 2, 4, 8]), Math.ceil(S / 4)),
      cardsPerNode: 8,
      splittableAcrossNodes: random() < 0.7,
    };
  });
  const subsidies: SubsidyTerm[] = [];
  const asked = new Map<string, number>();
  const requests: MarketRequest[] = Array.from({ length: shape.requestCount }, (_, index) => {
    const id = `request-${String(index).padStart(5, '0')}`;
    const city = pick(ENTERPRISE_CITIES);
    const start = between(0, S - 1);
    const end = between(start + 1, Math.min(S, start + between(1, S)));
    const hours = end - start;
    const cards = between(1, shape.cardsPerRequestMax);
    const broad = shape.demand === 'broad';
    const domesticOnly = random() < (broad ? 0.1 : 0.3);
    const pool = ACCELERATORS.filter(
      (accelerator) => !domesticOnly || accelerator.origin === 'domestic',
    );
    const acceptance = random();
    const accepted =
      acceptance < (broad ? 0.2 : 0.8)
        ? [pick(pool)]
        : acceptance < (broad ? 0.5 : 0.98)
          ? [pick(pool), pick(pool)]
          : null;
    const reference =
      Math.max(...(accepted ?? pool).map((accelerator) => accelerator.priceFen)) *
      (accepted === null ? 0.5 : 1);
    const referenceTflops = Math.max(
      ...(accepted ?? pool).map((accelerator) => accelerator.tflops),
    );
    const latency = broad
      ? 'national'
      : pick(['local', 'local', 'local', 'regional', 'regional'] as const);
    const inScu = random() < 0.3;
    const priceFactor = 1 + 0.8 * random();
    if (city.program !== null) {
      for (const origin of ['domestic', 'imported'] as const) {
        const rateBps = origin === 'domestic' ? city.domesticBps : city.importedBps;
        if (rateBps > 0)
          subsidies.push({
            requestId: id,
            offerId: null,
            origin,
            rateBps,
            programId: city.program,
          });
      }
      asked.set(
        city.program,
        (asked.get(city.program) ?? 0) + cards * hours * reference * (city.domesticBps / 10_000),
      );
    }
    return {
      id,
      enterpriseId: `enterprise-${index % 997}`,
      amount: inScu
        ? { unit: 'scu', milliScu: cards * hours * referenceTflops }
        : { unit: 'card-hours', cardHours: cards * hours },
      startSlot: start,
      endSlot: end,
      acceleratorIds:
        accepted === null ? null : [...new Set(accepted.map((accelerator) => accelerator.id))],
      domesticOnly,
      // Half the local requests name their province instead of its hub.
      ...(latency === 'local' && random() < 0.5
        ? { regionPrefixes: [city.region.slice(0, 2)], hubIds: null }
        : { regionPrefixes: null, hubIds: hubsWithinLatency(city.region, latency) }),
      maximumPrice: inScu
        ? {
            per: 'scu',
            fen: BigInt(Math.round((reference * priceFactor * 1000) / referenceTflops)),
          }
        : { per: 'card-hour', fen: BigInt(Math.round(reference * priceFactor)) },
      splittableAcrossOffers: random() < 0.5,
    };
  });
  const programs = [
    ...new Set(ENTERPRISE_CITIES.flatMap((city) => (city.program === null ? [] : [city.program]))),
  ].map((programId) => ({
    programId,
    remainingFen: BigInt(Math.floor(((asked.get(programId) ?? 0) * shape.budgetShareBps) / 10_000)),
  }));
  return {
    slotCount: S,
    offers,
    requests,
    subsidies,
    programs,
    energyWeightFenPerKwh: shape.energyWeightFenPerKwh,
  };
}
