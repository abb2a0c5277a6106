import type { Database } from '../db/client.ts';
import type { EvidenceStore } from '../services/evidence/index.ts';
import type { ChipOrigin, PurchaseKind } from '../services/programs/index.ts';
import type { Claim, Grant, Actor } from '../services/vouchers/index.ts';
import type { DemoParties } from './demo-parties.ts';
import type { DemoProgramKey } from './demo-programs.ts';
import { shanghaiDayOf } from '../domain/shared/calendar.ts';
import {
  actorOf,
  applyFor,
  approve,
  attachEvidence,
  claimContract,
  expiryAfter,
} from './voucher-steps.ts';

const DAY_MS = 86_400_000;
const YUAN = 100n;

/** Who: the Hangzhou SME or the Chengdu firm. */
export type DemoCity = DemoProgramKey;

/** A purchase in the story, amounts in whole yuan for readability. */
export interface DemoPurchase {
  kind: PurchaseKind;
  yuan: bigint;
  chipOrigin?: ChipOrigin;
  filedModel?: boolean;
}

/**
 * The demo story's context: the clock (`day(n)` = n days before now), the actors and the
 * parties, and short verbs over the voucher steps so the story reads like a timeline.
 */
export class DemoStory {
  readonly db: Database;
  readonly evidenceStore: EvidenceStore;
  readonly parties: DemoParties;
  readonly programs: Record<DemoProgramKey, string>;
  readonly now: Date;
  readonly reviewer: Actor;
  readonly operator: Actor;
  readonly publisher: Actor;
  #invoiceSerial = 0;

  constructor(options: {
    db: Database;
    evidenceStore: EvidenceStore;
    parties: DemoParties;
    programs: Record<DemoProgramKey, string>;
    now: Date;
  }) {
    this.db = options.db;
    this.evidenceStore = options.evidenceStore;
    this.parties = options.parties;
    this.programs = options.programs;
    this.now = options.now;
    const { users, operatorTenantId } = options.parties;
    this.reviewer = actorOf(users.reviewer.userId, operatorTenantId, 'demo-seed');
    this.operator = actorOf(users.operator.userId, operatorTenantId, 'demo-seed');
    this.publisher = this.operator;
  }

  /** `daysAgo` days (fractions allowed) before now, plus `minutes`. */
  day(daysAgo: number, minutes = 0): Date {
    return new Date(this.now.getTime() - daysAgo * DAY_MS + minutes * 60_000);
  }

  enterpriseOf(city: DemoCity): string {
    return city === 'hangzhou' ? this.parties.hangzhouSmeId : this.parties.chengduFirmId;
  }

  actorOf(city: DemoCity): Actor {
    const user = city === 'hangzhou' ? this.parties.users.hangzhou : this.parties.users.chengdu;
    return actorOf(user.userId, this.enterpriseOf(city), 'demo-seed');
  }

  providerOf(city: DemoCity): string {
    return city === 'hangzhou' ? this.parties.hangzhouProviderId : this.parties.chengduProviderId;
  }

  /** An application for `purchase`, asking for `requestedYuan`; submitted unless `submit` is false. */
  async apply(
    city: DemoCity,
    purchase: DemoPurchase,
    requestedYuan: bigint,
    purpose: string,
    daysAgo: number,
    submit = true,
  ) {
    const plan = {
      programId: this.programs[city],
      enterpriseId: this.enterpriseOf(city),
      kind: purchase.kind,
      amountFen: purchase.yuan * YUAN,
      requestedFen: requestedYuan * YUAN,
      purpose,
      ...(purchase.chipOrigin ? { chipOrigin: purchase.chipOrigin } : {}),
      ...(purchase.filedModel === undefined ? {} : { filedModel: purchase.filedModel }),
    };
    return applyFor({
      db: this.db,
      plan,
      actor: this.actorOf(city),
      at: this.day(daysAgo),
      submit,
    });
  }

  /** Applies, and the reviewer approves the requested amount a day later. */
  async grant(
    city: DemoCity,
    purchase: DemoPurchase,
    requestedYuan: bigint,
    purpose: string,
    daysAgo: number,
    expiresOn?: string,
  ): Promise<Grant> {
    const application = await this.apply(city, purchase, requestedYuan, purpose, daysAgo);
    const at = this.day(daysAgo - 1);
    const amountFen = requestedYuan * YUAN;
    return approve({
      db: this.db,
      applicationId: application.id,
      amountFen,
      expiresOn: expiresOn ?? expiryAfter(at, 300),
      reviewer: this.reviewer,
      at,
    });
  }

  /** A claim on a contract of `purchase.yuan` under `grant`; submitted unless `submit` is false. */
  async claim(
    city: DemoCity,
    grant: Grant,
    contractId: string,
    purchase: DemoPurchase,
    daysAgo: number,
    submit = true,
  ): Promise<Claim> {
    const plan = {
      grant,
      providerId: this.providerOf(city),
      contractId,
      contractAmountFen: purchase.yuan * YUAN,
      kind: purchase.kind,
      ...(purchase.chipOrigin ? { chipOrigin: purchase.chipOrigin } : {}),
      ...(purchase.filedModel === undefined ? {} : { filedModel: purchase.filedModel }),
    };
    return claimContract({
      db: this.db,
      plan,
      actor: this.actorOf(city),
      at: this.day(daysAgo),
      submit,
    });
  }

  /** Invoice, payment and delivery proof for the contract amount (`partial`: the invoice only). */
  async evidence(claim: Claim, daysAgo: number, partial = false): Promise<Claim> {
    this.#invoiceSerial += 1;
    const city: DemoCity =
      claim.enterpriseId === this.parties.hangzhouSmeId ? 'hangzhou' : 'chengdu';
    const at = this.day(daysAgo);
    // 20-digit fully digital invoice numbers (全电发票): year, region, serial.
    const invoiceNumber = `${shanghaiDayOf(at).slice(2, 4)}${city === 'hangzhou' ? '3301' : '5101'}${String(this.#invoiceSerial).padStart(14, '0')}`;
    const amountFen = claim.contractAmountFen;
    return attachEvidence({
      db: this.db,
      store: this.evidenceStore,
      claim,
      invoiceNumber,
      invoicedFen: amountFen,
      paidFen: amountFen,
      actor: this.actorOf(city),
      at,
      partial,
    });
  }
}
