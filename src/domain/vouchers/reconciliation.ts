import type { ClaimState } from './claim.ts';
import type { GrantState } from './grant.ts';
import { claimOutstandingFen } from './money-rules.ts';

/**
 * "No stranded money" (docs/vouchers.md#no-stranded-money), as pure comparisons of what each
 * claim and grant should hold by its state with what the ledger says it holds. A fen in a payable
 * or a reservation that belongs to no claim or grant, or to one in a state from which no action
 * moves it, is a finding naming that claim or grant.
 */

/** Where a claim's money sits in the program's accounts (ledger amounts tagged `claim:<id>`). */
export interface ClaimHoldings {
  /** Posted into the payable, less posted out of it. */
  payableFen: bigint;
  /** Reserved for it and still pending (grant → payable). */
  reservedFen: bigint;
  /** Paid out to the recipient, less what was clawed back from the paid-out account. */
  paidOutFen: bigint;
}

export interface ReconciledClaim {
  id: string;
  programId: string;
  state: ClaimState;
  reservedFen: bigint;
  redeemedFen: bigint;
  clawedBackFen: bigint;
}

export interface ReconciledGrant {
  id: string;
  programId: string;
  state: GrantState;
}

/** One thing wrong: which entity, where its money is, and how far off. */
export interface ReconciliationFinding {
  entity: 'claim' | 'grant' | 'program';
  id: string;
  programId: string;
  state: string;
  account: 'payable' | 'reservation' | 'paidOut' | 'grant' | 'program' | 'invoices' | 'payments';
  expectedFen: bigint;
  actualFen: bigint;
  message: string;
}

/** What a claim in its state holds: submitted claims a reservation, redeemed ones the payable. */
export function expectedClaimHoldings(claim: ReconciledClaim): ClaimHoldings {
  const none = { payableFen: 0n, reservedFen: 0n, paidOutFen: 0n };
  switch (claim.state) {
    case 'submitted':
    case 'evidence_complete':
      return { ...none, reservedFen: claim.reservedFen };
    case 'redeemed':
      return { ...none, payableFen: claimOutstandingFen(claim) };
    case 'paid':
      return { ...none, paidOutFen: claimOutstandingFen(claim) };
    case 'draft':
    case 'rejected':
    case 'clawed_back':
      return none;
  }
}

const accountOfHolding = {
  payableFen: 'payable',
  reservedFen: 'reservation',
  paidOutFen: 'paidOut',
} as const;

/**
 * The claim's findings: every holding that differs from its state's. Money in the payable or a
 * reservation of a claim whose state holds none there is stranded: no action moves it.
 */
export function reconcileClaim(
  claim: ReconciledClaim,
  actual: ClaimHoldings,
): ReconciliationFinding[] {
  const expected = expectedClaimHoldings(claim);
  const findings: ReconciliationFinding[] = [];
  for (const key of ['payableFen', 'reservedFen', 'paidOutFen'] as const) {
    if (expected[key] === actual[key]) continue;
    const account = accountOfHolding[key];
    const stranded = expected[key] === 0n && account !== 'paidOut';
    findings.push({
      entity: 'claim',
      id: claim.id,
      programId: claim.programId,
      state: claim.state,
      account,
      expectedFen: expected[key],
      actualFen: actual[key],
      message: stranded
        ? `claim ${claim.id} (${claim.state}) strands ${actual[key]} fen in the ${account}: no action moves it`
        : `claim ${claim.id} (${claim.state}) holds ${actual[key]} fen in the ${account}, its state says ${expected[key]}`,
    });
  }
  return findings;
}

/**
 * A closed grant (expired, voided, clawed back) must have given back what no claim holds: an
 * available balance on its account, or its reservation still open, is stranded. An active or
 * exhausted grant may hold anything: claims, expiry and void move it.
 */
export function reconcileGrant(
  grant: ReconciledGrant,
  actual: { availableFen: bigint; openReservationFen: bigint },
): ReconciliationFinding[] {
  if (grant.state === 'active' || grant.state === 'exhausted') return [];
  const findings: ReconciliationFinding[] = [];
  const held = [
    ['grant', actual.availableFen],
    ['reservation', actual.openReservationFen],
  ] as const;
  for (const [account, actualFen] of held) {
    if (actualFen === 0n) continue;
    findings.push({
      entity: 'grant',
      id: grant.id,
      programId: grant.programId,
      state: grant.state,
      account,
      expectedFen: 0n,
      actualFen,
      message: `grant ${grant.id} (${grant.state}) strands ${actualFen} fen in its ${account === 'grant' ? 'account' : 'reservation'}: no action moves it`,
    });
  }
  return findings;
}

/** A program's posted account balances (credits − debits, so money held is positive). */
export interface ProgramBalances {
  fundedFen: bigint;
  budgetFen: bigint;
  grantsFen: bigint;
  payableFen: bigint;
  /** The paid-out account's balance: paid to recipients and not clawed back. */
  paidFen: bigint;
  /** The clawback receivable less its penalties: paid money clawed back, owed by recipients. */
  owedBackFen: bigint;
  /** Payable (posted and pending) that the claims' holdings account for. */
  claimsPayableFen: bigint;
  claimsReservedFen: bigint;
  payablePendingFen: bigint;
}

/**
 * The program's identities: budget + grants + payables + paid + owed back = funded (money only
 * moves inside the program; a penalty is new money owed, from the penalty source, so it stays
 * out), and every fen of the payable, posted or pending, belongs to one of its claims.
 */
export function reconcileProgram(
  programId: string,
  balances: ProgramBalances,
): ReconciliationFinding[] {
  const findings: ReconciliationFinding[] = [];
  const finding = (expectedFen: bigint, actualFen: bigint, message: string): void => {
    findings.push({
      entity: 'program',
      id: programId,
      programId,
      state: 'activated',
      account: 'program',
      expectedFen,
      actualFen,
      message: `program ${programId}: ${message}`,
    });
  };
  const { fundedFen, budgetFen, grantsFen, payableFen, paidFen, owedBackFen } = balances;
  const heldFen = budgetFen + grantsFen + payableFen + paidFen + owedBackFen;
  if (heldFen !== fundedFen) {
    finding(
      fundedFen,
      heldFen,
      `budget + grants + payable + paid + owed back is ${heldFen} fen, funded ${fundedFen} fen`,
    );
  }
  if (payableFen !== balances.claimsPayableFen) {
    finding(
      balances.claimsPayableFen,
      payableFen,
      `${payableFen - balances.claimsPayableFen} fen in the payable belong to no claim`,
    );
  }
  if (balances.payablePendingFen !== balances.claimsReservedFen) {
    finding(
      balances.claimsReservedFen,
      balances.payablePendingFen,
      `${balances.payablePendingFen - balances.claimsReservedFen} fen reserved into the payable belong to no claim`,
    );
  }
  return findings;
}
