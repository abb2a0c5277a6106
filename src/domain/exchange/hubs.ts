/**
 * The eight national computing hub nodes (全国一体化算力网络国家枢纽节点) of "East Data, West
 * Computing" (东数西算, 2022), keyed by the GB/T 2260 province-level codes they cover. The
 * eastern four sit where demand is (interactive, low-latency work); the western four host
 * batch work (training, offline inference) on cheaper, greener power. A region outside every
 * hub (Hubei, Henan…) has no hub.
 */
export const nationalHubs = {
  'beijing-tianjin-hebei': { zh: '京津冀枢纽', side: 'east', provinces: ['11', '12', '13'] },
  'yangtze-river-delta': { zh: '长三角枢纽', side: 'east', provinces: ['31', '32', '33', '34'] },
  'guangdong-hong-kong-macao': { zh: '粤港澳枢纽', side: 'east', provinces: ['44'] },
  'chengdu-chongqing': { zh: '成渝枢纽', side: 'east', provinces: ['50', '51'] },
  'inner-mongolia': { zh: '内蒙古枢纽', side: 'west', provinces: ['15'] },
  guizhou: { zh: '贵州枢纽', side: 'west', provinces: ['52'] },
  gansu: { zh: '甘肃枢纽', side: 'west', provinces: ['62'] },
  ningxia: { zh: '宁夏枢纽', side: 'west', provinces: ['64'] },
} as const;

export type NationalHub = keyof typeof nationalHubs;

/**
 * A request's latency class: `interactive` work needs a data centre in an eastern hub (where
 * the users are, within a few milliseconds); `batch` work may run anywhere, western hubs
 * included.
 */
export const latencyClasses = ['interactive', 'batch'] as const;
export type LatencyClass = (typeof latencyClasses)[number];

/** The hub a GB/T 2260 region code lies in, or null. */
export function hubOf(regionCode: string): NationalHub | null {
  const province = regionCode.slice(0, 2);
  for (const [hub, node] of Object.entries(nationalHubs)) {
    if ((node.provinces as readonly string[]).includes(province)) return hub as NationalHub;
  }
  return null;
}

/** Whether an offer in `regionCode` serves a request of `latencyClass`. */
export function servesLatencyClass(regionCode: string, latencyClass: LatencyClass): boolean {
  if (latencyClass === 'batch') return true;
  const hub = hubOf(regionCode);
  return hub !== null && nationalHubs[hub].side === 'east';
}
