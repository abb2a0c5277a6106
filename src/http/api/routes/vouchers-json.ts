import {
  grantIdForApplication,
  type Application,
  type AttachmentSummary,
  type Claim,
  type GrantBalance,
  type Grant,
  type TransitionView,
} from '../../../services/vouchers/index.ts';

const fen = (value: bigint): string => value.toString();
const fenOrNull = (value: bigint | null): string | null =>
  value === null ? null : value.toString();

export function transitionJson(transition: TransitionView) {
  return { ...transition, at: transition.at.toISOString() };
}

export function applicationJson(application: Application, transitions?: TransitionView[]) {
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

export function grantJson(grant: Grant, balance: GrantBalance, transitions?: TransitionView[]) {
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
    expiresAt: grant.expiresAt.toISOString(),
    createdAt: grant.createdAt.toISOString(),
    ...(transitions ? { transitions: transitions.map(transitionJson) } : {}),
  };
}

export function attachmentJson(attachment: AttachmentSummary) {
  return { ...attachment, createdAt: attachment.createdAt.toISOString() };
}

export function claimJson(
  claim: Claim,
  extra: { transitions?: TransitionView[]; attachments?: AttachmentSummary[] } = {},
) {
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
  };
}
