import type { z } from '@hono/zod-openapi';
import type {
  applicationSchema,
  attachmentSchema,
  claimSchema,
  grantSchema,
} from '../../../contracts/vouchers.ts';
import {
  grantIdForApplication,
  type Application,
  type AttachmentSummary,
  type Claim,
  type ClaimInvoice,
  type ClaimPayment,
  type RiskFlagView,
  type GrantBalance,
  type Grant,
  type LedgerAccountName,
  type TransitionView,
} from '../../../services/vouchers/index.ts';

const fen = (value: bigint): string => value.toString();
const fenOrNull = (value: bigint | null): string | null =>
  value === null ? null : value.toString();

type TransitionJson = NonNullable<z.output<typeof applicationSchema>['transitions']>[number];

/** `record` with every bigint as its decimal string: fen cross JSON as text, never numbers. */
export function fenStrings<Fields extends object>(
  record: Fields,
): { [Key in keyof Fields]: Fields[Key] extends bigint ? string : Fields[Key] } {
  const entries = Object.entries(record).map(([key, value]: [string, unknown]) => [
    key,
    typeof value === 'bigint' ? value.toString() : value,
  ]);
  return Object.fromEntries(entries) as {
    [Key in keyof Fields]: Fields[Key] extends bigint ? string : Fields[Key];
  };
}

export function transitionJson(transition: TransitionView): TransitionJson {
  return { ...transition, at: transition.at.toISOString() };
}

export function applicationJson(
  application: Application,
  transitions?: TransitionView[],
): z.output<typeof applicationSchema> {
  return {
    id: application.id,
    programId: application.programId,
    programVersion: application.programVersion,
    enterpriseId: application.enterpriseId,
    state: application.state,
    requestedFen: fen(application.requestedFen),
    estimatedFen: fen(application.estimatedFen),
    approvedFen: fenOrNull(application.approvedFen),
    purpose: application.purpose,
    arrivalSeq: application.arrivalSeq === null ? null : application.arrivalSeq.toString(),
    decisionReason: application.decisionReason,
    eligibilityTrace: application.eligibilityTrace,
    grantId: application.state === 'approved' ? grantIdForApplication(application.id) : null,
    createdAt: application.createdAt.toISOString(),
    updatedAt: application.updatedAt.toISOString(),
    ...(transitions ? { transitions: transitions.map(transitionJson) } : {}),
  };
}

/**
 * A ledger account as balances show it, with the URLs of its statement export, so a figure can
 * be followed to the transfers behind it (who may read which account: export-ledger-statement.ts).
 */
export function ledgerAccountJson(account: LedgerAccountName) {
  const query = `accountId=${account.id}`;
  return {
    id: account.id,
    code: account.code,
    name: account.name,
    statementUrls: {
      csv: `/api/v1/exports/ledger-statement.csv?${query}`,
      xlsx: `/api/v1/exports/ledger-statement.xlsx?${query}`,
    },
  };
}

export function grantJson(
  grant: Grant,
  balance: GrantBalance,
  transitions?: TransitionView[],
): z.output<typeof grantSchema> {
  return {
    id: grant.id,
    applicationId: grant.applicationId,
    programId: grant.programId,
    enterpriseId: grant.enterpriseId,
    state: grant.state,
    amountFen: fen(grant.amountFen),
    committedFen: fen(balance.committedFen),
    inFlightFen: fen(balance.inFlightFen),
    settledFen: fen(balance.settledFen),
    returnedFen: fen(grant.returnedFen),
    ledgerAccount: ledgerAccountJson(balance.account),
    expiresAt: grant.expiresAt.toISOString(),
    createdAt: grant.createdAt.toISOString(),
    ...(transitions ? { transitions: transitions.map(transitionJson) } : {}),
  };
}

export function attachmentJson(attachment: AttachmentSummary): z.output<typeof attachmentSchema> {
  return { ...attachment, createdAt: attachment.createdAt.toISOString() };
}

/** What a claim's detail view (or, for staff, the list) adds to the claim row. */
export interface ClaimExtras {
  transitions?: TransitionView[];
  attachments?: AttachmentSummary[];
  invoices?: ClaimInvoice[];
  payments?: ClaimPayment[];
  /** Operator staff only: pass null or leave out for anyone else. */
  riskFlags?: RiskFlagView[] | null | undefined;
}

export function claimJson(claim: Claim, extra: ClaimExtras = {}): z.output<typeof claimSchema> {
  return {
    id: claim.id,
    grantId: claim.grantId,
    programId: claim.programId,
    enterpriseId: claim.enterpriseId,
    providerId: claim.providerId,
    state: claim.state,
    contractId: claim.contractId,
    contractSignedOn: claim.contractSignedOn,
    contractAmountFen: fen(claim.contractAmountFen),
    purchase: claim.purchase,
    invoiceNumber: claim.invoiceNumber,
    invoiceAmountFen: fenOrNull(claim.invoiceAmountFen),
    paidAmountFen: fenOrNull(claim.paidAmountFen),
    reservedFen: fen(claim.reservedFen),
    redeemedFen: fen(claim.redeemedFen),
    paidFen: fen(claim.paidFen),
    clawedBackFen: fen(claim.clawedBackFen),
    policyTrace: claim.policyTrace,
    createdAt: claim.createdAt.toISOString(),
    updatedAt: claim.updatedAt.toISOString(),
    ...(extra.transitions ? { transitions: extra.transitions.map(transitionJson) } : {}),
    ...(extra.attachments ? { attachments: extra.attachments.map(attachmentJson) } : {}),
    ...(extra.invoices
      ? {
          invoices: extra.invoices.map((invoice) => ({
            ...invoice,
            amountFen: fen(invoice.amountFen),
            createdAt: invoice.createdAt.toISOString(),
          })),
        }
      : {}),
    ...(extra.payments
      ? {
          payments: extra.payments.map((payment) => ({
            ...payment,
            amountFen: fen(payment.amountFen),
            createdAt: payment.createdAt.toISOString(),
          })),
        }
      : {}),
    ...(extra.riskFlags
      ? {
          riskFlags: extra.riskFlags.map((flag) => ({
            ...flag,
            createdAt: flag.createdAt.toISOString(),
          })),
        }
      : {}),
  };
}
