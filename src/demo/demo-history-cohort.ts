import { makeUscc } from '../services/parties/index.ts';

/**
 * The Hangzhou enterprises of the demo's history (demo-history.ts): a few dozen firms across the
 * city's districts, industries and sizes, so the budget dashboard's splits have several values
 * each. Generated from short lists rather than written out, deterministic (same firms, same
 * USCCs, on every machine).
 */

/** Hangzhou's districts (GB/T 2260) and their names, as the enterprises' addresses say them. */
const DISTRICTS = [
  ['330106', '西湖区'],
  ['330108', '滨江区'],
  ['330110', '余杭区'],
  ['330102', '上城区'],
  ['330105', '拱墅区'],
  ['330109', '萧山区'],
  ['330113', '临平区'],
  ['330114', '钱塘区'],
] as const;

/** Main lines of business (GB/T 4754): software, internet, equipment, pharma, research, retail. */
const INDUSTRIES = ['I65', 'I64', 'C39', 'C27', 'M73', 'C35', 'F52'] as const;

const SIZES = ['small', 'medium', 'micro', 'small', 'large', 'medium'] as const;

const NAME_STEMS = [
  '数澜',
  '灵犀',
  '星河',
  '深瞳',
  '智源',
  '云帆',
  '天目',
  '钱江',
  '之江',
  '青芝',
  '良渚',
  '运河',
  '闻涛',
  '九章',
  '知微',
  '观澜',
  '远望',
  '新禾',
  '明湖',
  '沧澜',
] as const;

const NAME_ENDINGS = ['智能科技有限公司', '信息技术有限公司'] as const;

/** What the cohort's enterprise buys: domestic compute most, imported compute and filed models too. */
export type CohortPurchase = 'domestic' | 'imported' | 'model';
const PURCHASES: readonly CohortPurchase[] = [
  'domestic',
  'domestic',
  'imported',
  'domestic',
  'model',
];

/** Letters of the USCC alphabet for the organisation code (no I, O, S, V, Z). */
const CODE_LETTERS = 'ABCDEFGHJKLMNPQRTUWXY';

export interface CohortEnterprise {
  index: number;
  uscc: string;
  name: string;
  regionCode: string;
  size: (typeof SIZES)[number];
  industries: string[];
  foundedOn: string;
  address: string;
  purchase: CohortPurchase;
  /** Relative size of its grant: larger firms buy more compute. */
  weight: number;
}

const WEIGHT_BY_SIZE = { micro: 4, small: 6, medium: 9, large: 12 } as const;

/** The `count` cohort enterprises (count ≤ 40: stems × endings). */
export function demoCohort(count: number): CohortEnterprise[] {
  return Array.from({ length: count }, (_, index) => {
    const [regionCode, districtName] = DISTRICTS[index % DISTRICTS.length] ?? DISTRICTS[0];
    const size = SIZES[index % SIZES.length] ?? 'small';
    const stem = NAME_STEMS[index % NAME_STEMS.length] ?? '数澜';
    const ending = NAME_ENDINGS[Math.floor(index / NAME_STEMS.length) % NAME_ENDINGS.length];
    const letters = `${CODE_LETTERS[index % CODE_LETTERS.length]}${CODE_LETTERS[(index * 7) % CODE_LETTERS.length]}`;
    const organisation = `MA2${letters}${String(1000 + index * 37).padStart(4, '0')}`;
    return {
      index,
      uscc: makeUscc(`91${regionCode}${organisation}`),
      name: `杭州${stem}${ending ?? NAME_ENDINGS[0]}`,
      regionCode,
      size,
      industries: [INDUSTRIES[index % INDUSTRIES.length] ?? 'I65'],
      foundedOn: `${2012 + (index % 12)}-0${1 + (index % 9)}-1${index % 10}`,
      address: `浙江省杭州市${districtName}示范路 ${10 + index} 号`,
      purchase: PURCHASES[index % PURCHASES.length] ?? 'domestic',
      // A little spread inside a size (1 … 3 of 12ths more), deterministic.
      weight: WEIGHT_BY_SIZE[size] + ((index * 5) % 4),
    };
  });
}
