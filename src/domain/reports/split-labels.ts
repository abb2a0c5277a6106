import { regionLabel } from '../shared/region-names.ts';
import { UNSPECIFIED, type SplitDimension } from './budget-splits.ts';

type Label = { 'zh-CN': string; en: string };

const sizes: Record<string, Label> = {
  micro: { 'zh-CN': '微型企业', en: 'Micro' },
  small: { 'zh-CN': '小型企业', en: 'Small' },
  medium: { 'zh-CN': '中型企业', en: 'Medium' },
  large: { 'zh-CN': '大型企业', en: 'Large' },
};

const origins: Record<string, Label> = {
  domestic: { 'zh-CN': '国产算力', en: 'Domestic chips' },
  imported: { 'zh-CN': '进口算力', en: 'Imported chips' },
};

/**
 * GB/T 4754-2017 divisions the demo and the programs name; any other code is shown as it is
 * (operators add rows as enterprises arrive, as with region names).
 */
const industries: Record<string, Label> = {
  C39: {
    'zh-CN': '计算机、通信和其他电子设备制造业',
    en: 'Computers and electronics manufacturing',
  },
  I63: { 'zh-CN': '电信、广播电视和卫星传输服务', en: 'Telecommunications and broadcasting' },
  I64: { 'zh-CN': '互联网和相关服务', en: 'Internet and related services' },
  I65: { 'zh-CN': '软件和信息技术服务业', en: 'Software and IT services' },
  M73: { 'zh-CN': '研究和试验发展', en: 'Research and development' },
};

const unspecified: Label = { 'zh-CN': '未填报', en: 'Not stated' };

/**
 * A split's key as people read it: region names (GB/T 2260) with their code, sizes and chip
 * origins in words, industries by name with their GB/T 4754 code when known.
 *
 * @example
 * splitLabel('size', 'small') // { 'zh-CN': '小型企业', en: 'Small' }
 */
export function splitLabel(dimension: SplitDimension, key: string): Label {
  if (key === UNSPECIFIED) return unspecified;
  switch (dimension) {
    case 'district':
      return regionLabel(key);
    case 'size':
      return sizes[key] ?? { 'zh-CN': key, en: key };
    case 'chipOrigin':
      return origins[key] ?? { 'zh-CN': key, en: key };
    case 'industry': {
      const name = industries[key];
      return name === undefined
        ? { 'zh-CN': key, en: key }
        : { 'zh-CN': `${name['zh-CN']}（${key}）`, en: `${name.en} (${key})` };
    }
  }
}
