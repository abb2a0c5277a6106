/**
 * The eight national computing hub nodes (全国一体化算力网络国家枢纽节点) of "East Data, West
 * Computing" (东数西算, 2022). Hub ids are the matcher's (src/domain/exchange/matching): one
 * vocabulary for offers, requests and clearing.
 *
 * - An offer's data centre **belongs** to a hub only if it lies in one of the hub's provinces
 *   (`hubOf`); a data centre in Hubei or Henan belongs to none.
 * - A request's **latency class** is relative to where the enterprise is: `local` accepts its
 *   home hub (its own, or the nearest for a province outside the eight), `regional` also the
 *   neighbouring hubs (typically within about 20 ms over the backbone: a coarse stand-in for
 *   measured round-trip times), `national` every hub.
 */
export const nationalHubs = {
  'jing-jin-ji': { zh: '京津冀枢纽', provinces: ['11', '12', '13'] },
  'yangtze-delta': { zh: '长三角枢纽', provinces: ['31', '32', '33', '34'] },
  'greater-bay': { zh: '粤港澳枢纽', provinces: ['44'] },
  'chengdu-chongqing': { zh: '成渝枢纽', provinces: ['50', '51'] },
  'inner-mongolia': { zh: '内蒙古枢纽', provinces: ['15'] },
  guizhou: { zh: '贵州枢纽', provinces: ['52'] },
  gansu: { zh: '甘肃枢纽', provinces: ['62'] },
  ningxia: { zh: '宁夏枢纽', provinces: ['64'] },
} as const;

export type NationalHub = keyof typeof nationalHubs;
/** The matcher's name for a hub id (src/domain/exchange/matching sees hub ids only). */
export type HubId = NationalHub;
export const HUB_IDS = Object.keys(nationalHubs) as readonly HubId[];

/** The hub nearest each province outside the eight (by the first two digits of its code). */
const NEAREST_HUB: Readonly<Record<string, NationalHub>> = {
  '14': 'jing-jin-ji', '21': 'jing-jin-ji', '22': 'jing-jin-ji', '23': 'jing-jin-ji',
  '35': 'yangtze-delta', '36': 'yangtze-delta', '37': 'jing-jin-ji', '41': 'jing-jin-ji',
  '42': 'yangtze-delta', '43': 'greater-bay', '45': 'greater-bay', '46': 'greater-bay',
  '53': 'guizhou', '54': 'chengdu-chongqing', '61': 'gansu', '63': 'gansu', '65': 'gansu',
  '71': 'yangtze-delta', '81': 'greater-bay', '82': 'greater-bay',
}; // prettier-ignore

const NEIGHBOURS: Readonly<Record<NationalHub, readonly NationalHub[]>> = {
  'jing-jin-ji': ['inner-mongolia', 'yangtze-delta'],
  'yangtze-delta': ['jing-jin-ji', 'greater-bay'],
  'greater-bay': ['yangtze-delta', 'guizhou'],
  'chengdu-chongqing': ['guizhou', 'gansu', 'ningxia'],
  'inner-mongolia': ['jing-jin-ji', 'ningxia'],
  guizhou: ['chengdu-chongqing', 'greater-bay'],
  gansu: ['ningxia', 'chengdu-chongqing'],
  ningxia: ['gansu', 'inner-mongolia', 'chengdu-chongqing'],
};

export const latencyClasses = ['local', 'regional', 'national'] as const;
export type LatencyClass = (typeof latencyClasses)[number];

/** The hub a data centre in `regionCode` belongs to, or null outside the eight hubs. */
export function hubOf(regionCode: string): NationalHub | null {
  const province = regionCode.slice(0, 2);
  for (const [hub, node] of Object.entries(nationalHubs)) {
    if ((node.provinces as readonly string[]).includes(province)) return hub as NationalHub;
  }
  return null;
}

/** The home hub of an enterprise in `regionCode`: its own hub, or the nearest one. */
export function homeHubOf(regionCode: string): NationalHub | null {
  return hubOf(regionCode) ?? NEAREST_HUB[regionCode.slice(0, 2)] ?? null;
}

/**
 * Whether an offer in `offerRegionCode` serves a request of `latencyClass` from an enterprise in
 * `enterpriseRegionCode`. An offer outside every hub serves `national` requests only.
 *
 * @example
 * servesLatencyClass('520100', 'regional', '510104') // true: Guizhou neighbours Chengdu–Chongqing
 */
export function servesLatencyClass(
  offerRegionCode: string,
  latencyClass: LatencyClass,
  enterpriseRegionCode: string,
): boolean {
  if (latencyClass === 'national') return true;
  const offerHub = hubOf(offerRegionCode);
  const home = homeHubOf(enterpriseRegionCode);
  if (offerHub === null || home === null) return false;
  return offerHub === home || (latencyClass === 'regional' && NEIGHBOURS[home].includes(offerHub));
}

/**
 * The hubs a request from `regionCode` accepts under a latency class, in `HUB_IDS` order: what
 * the matcher's `hubIds` gets (`servesLatencyClass` is the same rule, offer by offer).
 *
 * @example
 * hubsWithinLatency('510100', 'regional') // ['chengdu-chongqing', 'guizhou', 'gansu', 'ningxia']
 */
export function hubsWithinLatency(regionCode: string, latencyClass: LatencyClass): HubId[] {
  if (latencyClass === 'national') return [...HUB_IDS];
  const home = homeHubOf(regionCode);
  if (home === null) return [];
  const accepted = new Set<HubId>(latencyClass === 'local' ? [home] : [home, ...NEIGHBOURS[home]]);
  return HUB_IDS.filter((hub) => accepted.has(hub));
}
