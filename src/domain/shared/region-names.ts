/**
 * Names of GB/T 2260 administrative divisions, in Chinese and English, so that a trace says
 * "杭州市 Hangzhou (330100)" instead of a bare code. Every province-level division is here, and
 * the cities and districts the programs and their examples name; a code that is not here is shown
 * by its nearest named ancestor ("330199, in 杭州市"). Operators add rows as programs arrive.
 */

/** `[zh-CN, en]` by six-digit code. */
const regionNames: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['110000', ['北京市', 'Beijing']],
  ['120000', ['天津市', 'Tianjin']],
  ['130000', ['河北省', 'Hebei']],
  ['140000', ['山西省', 'Shanxi']],
  ['150000', ['内蒙古自治区', 'Inner Mongolia']],
  ['210000', ['辽宁省', 'Liaoning']],
  ['220000', ['吉林省', 'Jilin']],
  ['230000', ['黑龙江省', 'Heilongjiang']],
  ['310000', ['上海市', 'Shanghai']],
  ['320000', ['江苏省', 'Jiangsu']],
  ['330000', ['浙江省', 'Zhejiang']],
  ['340000', ['安徽省', 'Anhui']],
  ['350000', ['福建省', 'Fujian']],
  ['360000', ['江西省', 'Jiangxi']],
  ['370000', ['山东省', 'Shandong']],
  ['410000', ['河南省', 'Henan']],
  ['420000', ['湖北省', 'Hubei']],
  ['430000', ['湖南省', 'Hunan']],
  ['440000', ['广东省', 'Guangdong']],
  ['450000', ['广西壮族自治区', 'Guangxi']],
  ['460000', ['海南省', 'Hainan']],
  ['500000', ['重庆市', 'Chongqing']],
  ['510000', ['四川省', 'Sichuan']],
  ['520000', ['贵州省', 'Guizhou']],
  ['530000', ['云南省', 'Yunnan']],
  ['540000', ['西藏自治区', 'Xizang']],
  ['610000', ['陕西省', 'Shaanxi']],
  ['620000', ['甘肃省', 'Gansu']],
  ['630000', ['青海省', 'Qinghai']],
  ['640000', ['宁夏回族自治区', 'Ningxia']],
  ['650000', ['新疆维吾尔自治区', 'Xinjiang']],
  ['710000', ['台湾省', 'Taiwan']],
  ['810000', ['香港特别行政区', 'Hong Kong']],
  ['820000', ['澳门特别行政区', 'Macao']],
  // Cities and districts of the catalog's programs and of their examples.
  ['110105', ['朝阳区', 'Chaoyang District, Beijing']],
  ['110108', ['海淀区', 'Haidian District, Beijing']],
  ['131000', ['廊坊市', 'Langfang']],
  ['310104', ['徐汇区', 'Xuhui District, Shanghai']],
  ['310115', ['浦东新区', 'Pudong New Area, Shanghai']],
  ['320500', ['苏州市', 'Suzhou']],
  ['321000', ['扬州市', 'Yangzhou']],
  ['330100', ['杭州市', 'Hangzhou']],
  ['330102', ['上城区', 'Shangcheng District, Hangzhou']],
  ['330105', ['拱墅区', 'Gongshu District, Hangzhou']],
  ['330106', ['西湖区', 'Xihu District, Hangzhou']],
  ['330108', ['滨江区', 'Binjiang District, Hangzhou']],
  ['330200', ['宁波市', 'Ningbo']],
  ['410100', ['郑州市', 'Zhengzhou']],
  ['410105', ['金水区', 'Jinshui District, Zhengzhou']],
  ['420100', ['武汉市', 'Wuhan']],
  ['420102', ['江岸区', "Jiang'an District, Wuhan"]],
  ['420111', ['洪山区', 'Hongshan District, Wuhan']],
  ['440100', ['广州市', 'Guangzhou']],
  ['440300', ['深圳市', 'Shenzhen']],
  ['440305', ['南山区', 'Nanshan District, Shenzhen']],
  ['510100', ['成都市', 'Chengdu']],
  ['510107', ['武侯区', 'Wuhou District, Chengdu']],
  ['520100', ['贵阳市', 'Guiyang']],
  ['621000', ['庆阳市', 'Qingyang']],
]);

/** The name of `code` in both languages, or of its nearest named ancestor (then `exact` is false). */
export function regionName(
  code: string,
): { 'zh-CN': string; en: string; exact: boolean } | undefined {
  const candidates = [code, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`];
  for (const [index, candidate] of candidates.entries()) {
    const name = regionNames.get(candidate);
    if (name) return { 'zh-CN': name[0], en: name[1], exact: index === 0 };
  }
  return undefined;
}

const labels = new Map<string, { 'zh-CN': string; en: string }>();
const labelsMax = 5_000;

/**
 * A code as people read it: `杭州市（330100）` / `Hangzhou (330100)`, `330199（杭州市内）` /
 * `330199 (in Hangzhou)` when only an ancestor is named, the bare code when none is. Cached: the
 * same few codes appear in every evaluation.
 *
 * @example
 * regionLabel('330106').en // 'Xihu District, Hangzhou (330106)'
 */
export function regionLabel(code: string): { 'zh-CN': string; en: string } {
  let label = labels.get(code);
  if (label !== undefined) return label;
  const name = regionName(code);
  label =
    name === undefined
      ? { 'zh-CN': code, en: code }
      : name.exact
        ? { 'zh-CN': `${name['zh-CN']}（${code}）`, en: `${name.en} (${code})` }
        : { 'zh-CN': `${code}（${name['zh-CN']}内）`, en: `${code} (in ${name.en})` };
  if (labels.size >= labelsMax) labels.clear();
  labels.set(code, label);
  return label;
}
