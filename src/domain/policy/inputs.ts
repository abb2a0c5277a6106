import type {
  ChipOrigin,
  CreditRecord,
  EnterpriseSize,
  PurchaseKind,
  PurchasePurpose,
} from './program.ts';

/** The enterprise asking, as the policy engine needs it (from the parties module). */
export interface EnterpriseProfile {
  id: string;
  /** GB/T 2260 division code of registration (digits 3–8 of the USCC). */
  usccRegionCode: string;
  size: EnterpriseSize;
  /** ISO date of founding. */
  foundedOn: string;
  industries: readonly string[];
  creditRecord: CreditRecord;
  /** Parties linked to the enterprise (shared legal representative, shareholder, phone…). */
  relatedPartyIds: readonly string[];
}

/** One line of a purchase under a contract with a provider. */
export interface PurchaseLine {
  kind: PurchaseKind;
  amountFen: bigint;
  contractId: string;
  contractAmountFen: bigint;
  /** ISO date the contract was signed. */
  contractSignedOn: string;
  contractTermMonths?: number;
  providerId: string;
  /** GB/T 2260 code of the provider's site, when a program restricts where compute is bought. */
  providerRegionCode?: string;
  chipOrigin?: ChipOrigin;
  /** The model service runs on a CAC-filed (备案) model. */
  filedModel?: boolean;
  /** What the buyer declares the purchase is for. */
  purpose?: PurchasePurpose;
  /** The project the purchase serves (several contracts may serve one project). */
  projectId?: string;
  /** Tags of that project an operator checked, e.g. `national-project`. */
  projectTags?: readonly string[];
  /** ISO date of the purchase (the day the rules are evaluated for): the claim date. */
  date: string;
}

/** What this program already gave, in its fiscal year, before this purchase. */
export interface YearToDate {
  /** Subsidy already granted to this enterprise by this program this year. */
  enterpriseYearSubsidyFen: bigint;
  /** Budget already committed by this program this year (to everyone). */
  programYearCommittedFen: bigint;
  /** Subsidy this program already granted on this contract. */
  contractSubsidyFen: bigint;
  /** Subsidy this program already granted on the purchase's project (0 when absent). */
  projectSubsidyFen?: bigint;
  /**
   * Contract amounts this enterprise already declared to this program this year, other contracts
   * than this one (0 when absent): the firm-year total some rate tiers are keyed on.
   */
  enterpriseYearContractsFen?: bigint;
}

/** Subsidy granted by another program on the same contract. */
export interface OtherSubsidy {
  programId: string;
  subsidyFen: bigint;
}

export const zeroYearToDate: YearToDate = Object.freeze({
  enterpriseYearSubsidyFen: 0n,
  programYearCommittedFen: 0n,
  contractSubsidyFen: 0n,
  projectSubsidyFen: 0n,
  enterpriseYearContractsFen: 0n,
});

// One-entry memo: an evaluation of many programs asks the same pair again and again.
let memoFrom = '';
let memoTo = '';
let memoMonths = 0;

/** Whole months from `fromDate` to `toDate` (ISO dates), rounded down; negative if before. */
export function wholeMonthsBetween(fromDate: string, toDate: string): number {
  if (fromDate === memoFrom && toDate === memoTo) return memoMonths;
  memoMonths = computeWholeMonths(fromDate, toDate);
  memoFrom = fromDate;
  memoTo = toDate;
  return memoMonths;
}

function computeWholeMonths(fromDate: string, toDate: string): number {
  const fromYear = Number(fromDate.slice(0, 4));
  const fromMonth = Number(fromDate.slice(5, 7));
  const fromDay = Number(fromDate.slice(8, 10));
  const toYear = Number(toDate.slice(0, 4));
  const toMonth = Number(toDate.slice(5, 7));
  const toDay = Number(toDate.slice(8, 10));
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth);
  return toDay < fromDay ? months - 1 : months;
}
