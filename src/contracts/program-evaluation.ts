import { z } from 'zod';
import type {
  EnterpriseProfile,
  OtherSubsidy,
  PurchaseLine,
  YearToDate,
} from '../domain/policy/inputs.ts';
import {
  chipOrigins,
  creditRecords,
  enterpriseSizes,
  purchaseKinds,
  purchasePurposes,
} from '../domain/policy/program.ts';
import { fenString, positiveFenString } from './money.ts';
import { isoDate } from './program.ts';

/** Inputs of the subsidy calculator (CLI, HTTP, console), amounts as fen strings. */

const regionCode = z.string().regex(/^[1-9]\d{5}$/, 'a 6-digit GB/T 2260 division code');

export const enterpriseProfileSchema = z.strictObject({
  id: z.string().min(1).max(100),
  usccRegionCode: regionCode,
  size: z.enum(enterpriseSizes),
  foundedOn: isoDate,
  industries: z.array(z.string().min(1).max(100)).max(50).default([]),
  creditRecord: z.enum(creditRecords).default('good'),
  relatedPartyIds: z.array(z.string().min(1).max(100)).max(1000).default([]),
}) satisfies z.ZodType<EnterpriseProfile>;

export const purchaseLineSchema = z
  .strictObject({
    kind: z.enum(purchaseKinds),
    amountFen: positiveFenString,
    contractId: z.string().min(1).max(100),
    contractAmountFen: positiveFenString,
    contractSignedOn: isoDate,
    contractTermMonths: z.number().int().min(0).max(1200).optional(),
    providerId: z.string().min(1).max(100),
    providerRegionCode: regionCode.optional(),
    chipOrigin: z.enum(chipOrigins).optional(),
    filedModel: z.boolean().optional(),
    /** What the buyer declares the purchase is for. */
    purpose: z.enum(purchasePurposes).optional(),
    /** The project the purchase serves; caps per project add up its contracts. */
    projectId: z.string().min(1).max(100).optional(),
    projectTags: z
      .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/))
      .max(20)
      .optional(),
    /** The claim date: the day the rules are evaluated for. */
    date: isoDate,
  })
  .refine((line) => line.amountFen <= line.contractAmountFen, {
    path: ['amountFen'],
    message: 'the purchase line is larger than its contract',
  }) satisfies z.ZodType<PurchaseLine>;

export const yearToDateSchema = z.strictObject({
  enterpriseYearSubsidyFen: fenString.default(0n),
  programYearCommittedFen: fenString.default(0n),
  contractSubsidyFen: fenString.default(0n),
  projectSubsidyFen: fenString.default(0n),
  enterpriseYearContractsFen: fenString.default(0n),
}) satisfies z.ZodType<YearToDate>;

export const otherSubsidySchema = z.strictObject({
  programId: z.string().min(1).max(100),
  subsidyFen: fenString,
}) satisfies z.ZodType<OtherSubsidy>;

/** Body of the calculator: one program (`programId`) or, without it, every program in force. */
export const calculateRequestSchema = z.strictObject({
  programId: z.string().min(1).max(100).optional(),
  enterprise: enterpriseProfileSchema,
  purchase: purchaseLineSchema,
  /** Per program id. */
  yearToDate: z.record(z.string(), yearToDateSchema).optional(),
  otherSubsidies: z.array(otherSubsidySchema).max(50).optional(),
  /** Evaluation date; defaults to the purchase date. */
  date: isoDate.optional(),
});
export type CalculateRequest = z.output<typeof calculateRequestSchema>;

/** What `toJsonValue` makes of a value: bigints (fen) and dates become strings. */
export type JsonOf<Value> = Value extends bigint | Date
  ? string
  : Value extends readonly (infer Item)[]
    ? JsonOf<Item>[]
    : Value extends object
      ? { [Key in keyof Value]: JsonOf<Value[Key]> }
      : Value;

/** Any value with bigints → JSON-ready (fen as decimal strings). */
export function toJsonValue<Value>(value: Value): JsonOf<Value> {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' ? item.toString() : item,
    ),
  ) as JsonOf<Value>;
}
