import { z } from 'zod';
import {
  allocationModes,
  chipOrigins,
  creditRecords,
  disbursementModes,
  enterpriseSizes,
  purchaseKinds,
  purchasePurposes,
  type ProgramDefinition,
  type PurchaseCondition,
} from '../domain/policy/program.ts';
import { yuanToFen } from '../domain/shared/money.ts';
import { calendarDate } from './calendar-date.ts';

/**
 * The program file format (one YAML file per program version under `programs/`). Amounts are
 * **yuan** as written in the policy texts (`budgetYuan: "250000000"`, strings or integers, at most
 * two decimals) and become fen `bigint`; rates are integer **basis points** in files too
 * (`rateBps: 3000` = 30 %), the same unit as everywhere else in Suanli, so nothing is converted.
 * Unknown keys are errors (a typo must not silently drop a rule).
 */

const yuan = z
  .union(
    [
      z
        .string()
        .regex(/^\d{1,16}(\.\d{1,2})?$/, 'yuan: digits with at most two decimals ("12.50")'),
      z.number().int().min(0).max(1e15),
    ],
    {
      error: 'yuan: an integer, or a string of digits with at most two decimals ("12.50")',
    },
  )
  .transform((value) => yuanToFen(value));

const rateBps = z.number().int().min(0).max(10_000).describe('basis points: 3000 = 30 %');

/** The program file's dates: calendar dates that exist (the one schema, calendar-date.ts). */
export const isoDate = calendarDate;

const regionCode = z
  .string()
  .regex(/^[1-9]\d{5}$/, 'a 6-digit GB/T 2260 division code such as 330100')
  .describe('GB/T 2260 code: 330000 province, 330100 city, 330106 district');

const ruleId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase words and dashes');

const localizedText = z.strictObject({
  'zh-CN': z.string().min(1).max(500),
  en: z.string().min(1).max(500),
});

const months = z.number().int().min(0).max(1200);

const tag = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase words and dashes');

/**
 * The conditions every rule can carry (eligibility, rate rules, stacking rules): one model, so a
 * rate can be limited by anything eligibility can. Amounts in yuan, turned into fen below.
 */
const conditionFields = {
  sizes: z.array(z.enum(enterpriseSizes)).min(1).optional(),
  enterpriseAgeMaxMonths: months.optional(),
  industries: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('GB/T 4754 codes; an enterprise code matches a code it starts with (I ⊃ I65)'),
  enterpriseYearContractsMaxYuan: yuan
    .optional()
    .describe("the enterprise's contracts declared to the program this year, this one included"),
  chipOrigins: z.array(z.enum(chipOrigins)).min(1).optional(),
  filedModel: z.boolean().optional(),
  purposes: z.array(z.enum(purchasePurposes)).min(1).optional(),
  projectTags: z.array(tag).min(1).optional(),
  providerRegionCodes: z.array(regionCode).min(1).optional(),
  contractAmountMinYuan: yuan.optional(),
  contractAmountMaxYuan: yuan.optional(),
  contractSignedFrom: isoDate.optional(),
  contractSignedTo: isoDate.optional(),
  contractTermMaxMonths: months.optional(),
};

type YuanConditionKeys =
  'contractAmountMinYuan' | 'contractAmountMaxYuan' | 'enterpriseYearContractsMaxYuan';

/** The yuan amounts of a condition as the domain's fen fields (absent stays absent). */
function withFen<T extends Partial<Record<YuanConditionKeys, bigint>>>(
  value: T,
): Omit<T, YuanConditionKeys> &
  Pick<
    PurchaseCondition,
    'contractAmountMinFen' | 'contractAmountMaxFen' | 'enterpriseYearContractsMaxFen'
  > {
  const {
    contractAmountMinYuan: min,
    contractAmountMaxYuan: max,
    enterpriseYearContractsMaxYuan: yearMax,
    ...rest
  } = value;
  return {
    ...rest,
    ...(min === undefined ? {} : { contractAmountMinFen: min }),
    ...(max === undefined ? {} : { contractAmountMaxFen: max }),
    ...(yearMax === undefined ? {} : { enterpriseYearContractsMaxFen: yearMax }),
  };
}

const condition = z
  .strictObject({
    ...conditionFields,
    enterpriseRegionCodes: z.array(regionCode).min(1).optional(),
    kinds: z.array(z.enum(purchaseKinds)).min(1).optional(),
  })
  .transform((value): PurchaseCondition => withFen(value));

const clause = z
  .string()
  .min(1)
  .max(300)
  .describe('the clause of the main source this encodes, e.g. 二、支持内容');

const rateRule = z.strictObject({
  id: ruleId,
  label: localizedText,
  order: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('rules are tried by ascending order; files older than this field use their position'),
  when: condition.default({}),
  rateBps,
  clause: clause.optional(),
});

const stackingRule = z.strictObject({
  id: ruleId,
  label: localizedText,
  when: condition.default({}),
  combinedRateBps: rateBps,
  clause: clause.optional(),
});

const eligibility = z.strictObject({
  ...conditionFields,
  enterpriseRegionCodes: z
    .union([z.array(regionCode).min(1), z.literal('any')])
    .optional()
    .describe("regions the enterprise must be registered in; default: the program's region"),
  creditRecords: z.array(z.enum(creditRecords)).min(1).default(['good']),
  purchaseKinds: z.array(z.enum(purchaseKinds)).min(1),
  excludeRelatedPartyProvider: z.boolean().default(true),
  exclusiveOnContract: z.boolean().default(false),
  oneClaimPerContract: z.boolean().default(false),
});

const caps = z
  .strictObject({
    perClaimYuan: yuan.optional(),
    perContractYuan: yuan.optional(),
    perProjectYuan: yuan.optional().describe('per project, over all its contracts'),
    perEnterpriseYearYuan: yuan.optional(),
    perProgramYearYuan: yuan.optional(),
  })
  .transform((value) => ({
    ...(value.perClaimYuan === undefined ? {} : { perClaimFen: value.perClaimYuan }),
    ...(value.perContractYuan === undefined ? {} : { perContractFen: value.perContractYuan }),
    ...(value.perProjectYuan === undefined ? {} : { perProjectFen: value.perProjectYuan }),
    ...(value.perEnterpriseYearYuan === undefined
      ? {}
      : { perEnterpriseYearFen: value.perEnterpriseYearYuan }),
    ...(value.perProgramYearYuan === undefined
      ? {}
      : { perProgramYearFen: value.perProgramYearYuan }),
  }));

/** A published document: title, who issued it, when, and the clauses this version encodes. */
const source = z
  .strictObject({
    title: z.string().min(1),
    issuer: z.string().min(1).optional(),
    publishedOn: isoDate.optional(),
    clause: z.string().min(1).optional(),
    url: z.url().optional(),
    /** Files published before sources named their issuer pointed at research notes instead. */
    seed: z.string().optional(),
  })
  .transform(({ seed: _seed, ...rest }) => rest);

/** The file as written (before defaults and yuan → fen). */
export const programFileSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase words and dashes, 2–63 characters'),
    version: z.number().int().min(1).max(1_000_000),
    name: localizedText,
    issuer: localizedText,
    regionCode,
    fiscalYear: z.number().int().min(2000).max(2100),
    budgetYuan: yuan
      .optional()
      .describe('annual pool in yuan; omit when the source publishes none'),
    waitingList: z
      .boolean()
      .default(false)
      .describe('eligible purchases may join a waiting list when the budget is spent'),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.optional(),
    allocation: z.enum(allocationModes),
    disbursement: z.enum(disbursementModes),
    eligibility,
    rates: z.array(rateRule).min(1).max(50),
    caps: caps.default({}),
    stacking: z.array(stackingRule).max(20).default([]),
    sources: z.array(source).min(1),
    clauses: z
      .strictObject({
        eligibility: clause.optional(),
        caps: clause.optional(),
        budget: clause.optional(),
      })
      .default({}),
    notes: z.array(z.string().min(1)).default([]),
  })
  .superRefine((file, context) => {
    if (file.effectiveTo !== undefined && file.effectiveTo < file.effectiveFrom) {
      context.addIssue({
        code: 'custom',
        path: ['effectiveTo'],
        message: 'effectiveTo is before effectiveFrom',
      });
    }
    const seen = new Set<string>();
    const orders = new Set<number>();
    file.rates.forEach((rule, index) => {
      if (seen.has(rule.id)) {
        context.addIssue({
          code: 'custom',
          path: ['rates', index, 'id'],
          message: `duplicate rate id ${rule.id}`,
        });
      }
      seen.add(rule.id);
      if (rule.order !== undefined && orders.has(rule.order)) {
        context.addIssue({
          code: 'custom',
          path: ['rates', index, 'order'],
          message: `two rate rules have order ${rule.order}: say which is tried first`,
        });
      }
      if (rule.order !== undefined) orders.add(rule.order);
      checkBounds(rule.when, ['rates', index, 'when'], context);
    });
    file.stacking.forEach((rule, index) => {
      checkBounds(rule.when, ['stacking', index, 'when'], context);
    });
    checkBounds(withFen(file.eligibility), ['eligibility'], context);
  });

/** Both ends of a range given the right way round (amounts and contract dates). */
function checkBounds(
  condition: PurchaseCondition,
  path: (string | number)[],
  context: z.RefinementCtx,
): void {
  const { contractAmountMinFen: min, contractAmountMaxFen: max } = condition;
  if (min !== undefined && max !== undefined && min > max) {
    context.addIssue({
      code: 'custom',
      path,
      message: 'contractAmountMinYuan is above contractAmountMaxYuan',
    });
  }
  const { contractSignedFrom: from, contractSignedTo: to } = condition;
  if (from !== undefined && to !== undefined && to < from) {
    context.addIssue({
      code: 'custom',
      path: [...path, 'contractSignedTo'],
      message: 'contractSignedTo is before contractSignedFrom',
    });
  }
}

/** A program file → the domain's `ProgramDefinition` (fen, defaults filled in). */
export const programSchema = programFileSchema.transform(
  ({ budgetYuan, eligibility: rules, rates, ...rest }): ProgramDefinition => ({
    ...rest,
    ...(budgetYuan === undefined ? {} : { budgetFen: budgetYuan }),
    eligibility: {
      ...withFen(rules),
      enterpriseRegionCodes: rules.enterpriseRegionCodes ?? [rest.regionCode],
    },
    // A file written before rules stated their order is tried in the order it lists them.
    rates: rates.map(({ order, ...rule }, index) => ({ ...rule, order: order ?? index + 1 })),
  }),
);

// Compile-time check: what the schema produces is the domain type.
type Assignable<T extends ProgramDefinition> = T;
export type ParsedProgram = Assignable<z.output<typeof programSchema>>;

/** JSON Schema of the file format, for editors (yaml-language-server) and the console. */
export function programJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(programFileSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://suanli.dev/schemas/program.schema.json',
    title: 'Suanli program version',
    description:
      'One version of a subsidy program. Amounts in yuan (strings or integers), rates in basis points (3000 = 30 %), dates YYYY-MM-DD.',
  };
}

/** A definition as JSON (fen as decimal strings), for jsonb columns and API responses. */
export function programDefinitionToJson(definition: ProgramDefinition): unknown {
  return JSON.parse(
    JSON.stringify(definition, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
  );
}
