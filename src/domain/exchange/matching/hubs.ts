/**
 * The eight national hubs of the national integrated computing network ("East Data, West
 * Computing", 2022) and a request's latency class turned into the hubs it accepts. The matcher
 * itself only sees hub ids; this table is how the services resolve a latency class.
 *
 * The neighbour lists are a coarse stand-in for measured round-trip times (hubs whose data
 * centres are typically within about 20 ms of each other over the backbone); an operator who
 * has measurements should replace them.
 */
export const HUB_IDS = [
  'jing-jin-ji', // Beijing–Tianjin–Hebei (Zhangjiakou cluster)
  'yangtze-delta', // Yangtze River Delta (Wuhu, Yangtze Delta demonstration zone)
  'greater-bay', // Guangdong–Hong Kong–Macao (Shaoguan)
  'chengdu-chongqing', // Chengdu–Chongqing (Tianfu, Chongqing)
  'inner-mongolia', // Inner Mongolia (Horinger)
  'guizhou', // Guizhou (Gui'an)
  'gansu', // Gansu (Qingyang)
  'ningxia', // Ningxia (Zhongwei)
] as const;
export type HubId = (typeof HUB_IDS)[number];

/** The hub serving each province (first two digits of a GB/T 2260 code): its own, or the nearest. */
const HOME_HUB: Readonly<Record<string, HubId>> = {
  '11': 'jing-jin-ji', '12': 'jing-jin-ji', '13': 'jing-jin-ji', '14': 'jing-jin-ji',
  '15': 'inner-mongolia', '21': 'jing-jin-ji', '22': 'jing-jin-ji', '23': 'jing-jin-ji',
  '31': 'yangtze-delta', '32': 'yangtze-delta', '33': 'yangtze-delta', '34': 'yangtze-delta',
  '35': 'yangtze-delta', '36': 'yangtze-delta', '37': 'jing-jin-ji', '41': 'jing-jin-ji',
  '42': 'yangtze-delta', '43': 'greater-bay', '44': 'greater-bay', '45': 'greater-bay',
  '46': 'greater-bay', '50': 'chengdu-chongqing', '51': 'chengdu-chongqing', '52': 'guizhou',
  '53': 'guizhou', '54': 'chengdu-chongqing', '61': 'gansu', '62': 'gansu', '63': 'gansu',
  '64': 'ningxia', '65': 'gansu', '71': 'yangtze-delta', '81': 'greater-bay', '82': 'greater-bay',
}; // prettier-ignore

const NEIGHBOURS: Readonly<Record<HubId, readonly HubId[]>> = {
  'jing-jin-ji': ['inner-mongolia', 'yangtze-delta'],
  'yangtze-delta': ['jing-jin-ji', 'greater-bay'],
  'greater-bay': ['yangtze-delta', 'guizhou'],
  'chengdu-chongqing': ['guizhou', 'gansu', 'ningxia'],
  'inner-mongolia': ['jing-jin-ji', 'ningxia'],
  guizhou: ['chengdu-chongqing', 'greater-bay'],
  gansu: ['ningxia', 'chengdu-chongqing'],
  ningxia: ['gansu', 'inner-mongolia', 'chengdu-chongqing'],
};

/** `local`: the home hub only; `regional`: it and its neighbours; `national`: every hub. */
export type LatencyClass = 'local' | 'regional' | 'national';

/** The hub a GB/T 2260 code's province belongs to, or `null` for an unknown province. */
export function homeHubOf(regionCode: string): HubId | null {
  return HOME_HUB[regionCode.slice(0, 2)] ?? null;
}

/**
 * The hubs a request from `regionCode` accepts under a latency class, in `HUB_IDS` order.
 *
 * @example
 * hubsWithinLatency('510100', 'regional') // ['chengdu-chongqing', 'guizhou', 'gansu', 'ningxia']
 */
export function hubsWithinLatency(regionCode: string, latency: LatencyClass): HubId[] {
  const home = homeHubOf(regionCode);
  if (latency === 'national') return [...HUB_IDS];
  if (home === null) return [];
  const accepted = new Set<HubId>(latency === 'local' ? [home] : [home, ...NEIGHBOURS[home]]);
  return HUB_IDS.filter((hub) => accepted.has(hub));
}
