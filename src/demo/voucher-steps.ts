import type { Database } from '../db/client.ts';
import type { EvidenceStore } from '../services/evidence/index.ts';
import type { ChipOrigin, PurchaseKind } from '../services/programs/index.ts';
import { addDays, shanghaiDayOf } from '../domain/shared/calendar.ts';
import {
  addClaimAttachment,
  createApplication,
  createClaim,
  reviewApplication,
  submitApplication,
  submitClaim,
  systemActor,
  type Application,
  type Claim,
  type Grant,
  type Actor,
} from '../services/vouchers/index.ts';

/**
 * Small steps of the voucher lifecycle through the real voucher services, shared by the demo
 * seeder, the publication tests and the API benchmark: each takes who acts and when.
 */

/**
 * A grant expiry date `days` after the Shanghai day of `from` (at most 365 keeps it within a
 * grant's longest life, which ends with the year after the grant's).
 */
export function expiryAfter(from: Date, days: number): string {
  return addDays(shanghaiDayOf(from), days);
}

/** Acting as a user of a tenant; `system` because the seeder did not log in. */
export function actorOf(userId: string | null, tenantId: string | null, requestId: string): Actor {
  return { ...systemActor, userId, tenantId, requestId };
}

export interface PlannedApplication {
  programId: string;
  enterpriseId: string;
  kind: PurchaseKind;
  amountFen: bigint;
  chipOrigin?: ChipOrigin;
  filedModel?: boolean;
  requestedFen: bigint;
  purpose: string;
}

/** Creates an application and (unless `submit` is false) submits it. */
export async function applyFor(options: {
  db: Database;
  plan: PlannedApplication;
  actor: Actor;
  at: Date;
  submit?: boolean;
}): Promise<Application> {
  const { db, plan, actor, at } = options;
  const application = await createApplication({
    db,
    programId: plan.programId,
    enterpriseId: plan.enterpriseId,
    plannedPurchase: {
      kind: plan.kind,
      amountFen: plan.amountFen,
      ...(plan.chipOrigin ? { chipOrigin: plan.chipOrigin } : {}),
      ...(plan.filedModel === undefined ? {} : { filedModel: plan.filedModel }),
    },
    requestedFen: plan.requestedFen,
    purpose: plan.purpose,
    actor,
    now: at,
  });
  if (options.submit === false) return application;
  const { application: submitted } = await submitApplication({
    db,
    applicationId: application.id,
    actor,
    now: at,
  });
  return submitted;
}

/** A reviewer approves an application; returns the grant. */
export async function approve(options: {
  db: Database;
  applicationId: string;
  amountFen: bigint;
  expiresOn: string;
  reviewer: Actor;
  at: Date;
}): Promise<Grant> {
  const { grant } = await reviewApplication({
    db: options.db,
    applicationId: options.applicationId,
    decision: {
      decision: 'approve',
      amountFen: options.amountFen,
      expiresOn: options.expiresOn,
      reason: '材料齐全，符合申报条件',
    },
    actor: options.reviewer,
    now: options.at,
  });
  if (!grant) throw new Error(`approval of ${options.applicationId} issued no grant`);
  return grant;
}

export interface ContractPlan {
  grant: Grant;
  providerId: string;
  contractId: string;
  contractAmountFen: bigint;
  kind: PurchaseKind;
  chipOrigin?: ChipOrigin;
  filedModel?: boolean;
}

/** Drafts a claim on a contract for its whole amount and (unless `submit` is false) submits it. */
export async function claimContract(options: {
  db: Database;
  plan: ContractPlan;
  actor: Actor;
  at: Date;
  submit?: boolean;
}): Promise<Claim> {
  const { db, plan, actor, at } = options;
  const claim = await createClaim({
    db,
    grantId: plan.grant.id,
    enterpriseId: plan.grant.enterpriseId,
    providerId: plan.providerId,
    contractId: plan.contractId,
    contractSignedOn: addDays(shanghaiDayOf(at), -7),
    contractAmountFen: plan.contractAmountFen,
    purchase: {
      kind: plan.kind,
      amountFen: plan.contractAmountFen,
      ...(plan.chipOrigin ? { chipOrigin: plan.chipOrigin } : {}),
      ...(plan.filedModel === undefined ? {} : { filedModel: plan.filedModel }),
    },
    actor,
    now: at,
  });
  if (options.submit === false) return claim;
  return submitClaim({
    db,
    claimId: claim.id,
    enterpriseId: plan.grant.enterpriseId,
    actor,
    now: at,
  });
}

/** A tiny but well-formed PDF (the evidence checks look at the magic bytes). */
export function demoPdf(text: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.7\n% Suanli demo evidence: ${text}\n%%EOF\n`);
}

/**
 * Attaches the evidence of a claim: the invoice (number, amount), the payment proof and —
 * unless `partial` — the delivery proof, which makes a submitted claim evidence_complete.
 */
export async function attachEvidence(options: {
  db: Database;
  /** Where the evidence files go (the server's store, or a test's). */
  store: EvidenceStore;
  claim: Claim;
  invoiceNumber: string;
  invoicedFen: bigint;
  paidFen: bigint;
  actor: Actor;
  at: Date;
  partial?: boolean;
}): Promise<Claim> {
  const { db, claim, actor, at } = options;
  const base = {
    db,
    store: options.store,
    claimId: claim.id,
    enterpriseId: claim.enterpriseId,
    actor,
    now: at,
  };
  const pdf = 'application/pdf';
  let latest = (
    await addClaimAttachment({
      ...base,
      attachment: {
        kind: 'invoice',
        filename: `发票-${options.invoiceNumber}.pdf`,
        contentType: pdf,
        bytes: demoPdf(`invoice ${options.invoiceNumber}`),
        invoiceNumber: options.invoiceNumber,
        amountFen: options.invoicedFen,
      },
    })
  ).claim;
  if (options.partial === true) return latest;
  latest = (
    await addClaimAttachment({
      ...base,
      attachment: {
        kind: 'payment',
        filename: '银行回单.pdf',
        contentType: pdf,
        bytes: demoPdf('bank slip'),
        amountFen: options.paidFen,
      },
    })
  ).claim;
  latest = (
    await addClaimAttachment({
      ...base,
      attachment: {
        kind: 'delivery',
        filename: '算力服务验收单.pdf',
        contentType: pdf,
        bytes: demoPdf('acceptance'),
      },
    })
  ).claim;
  return latest;
}
