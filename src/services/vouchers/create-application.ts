import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import type { ChipOrigin, PurchaseKind } from '../../domain/policy/program.ts';
import type { YearToDate } from '../../domain/policy/inputs.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { shanghaiDate } from '../../domain/vouchers/expiry.ts';
import { getBalances } from '../ledger/index.ts';
import { activateProgram } from './activate-program.ts';
import type { VoucherActor } from './support/actor.ts';
import { enterpriseProfile, evaluateOrRefuse, programInForce } from './support/policy-context.ts';
import { findVoucherProgram } from './support/program-row.ts';
import {
  APPLICATION_COLUMNS,
  assertNotBlacklisted,
  toApplication,
  type Application,
} from './support/rows.ts';
import { recordTransition } from './support/transitions.ts';

/** The purchase an enterprise plans, for the eligibility pre-check and the subsidy estimate. */
export interface PlannedPurchase {
  kind: PurchaseKind;
  amountFen: bigint;
  /** Defaults to the purchase amount. */
  contractAmountFen?: bigint;
  contractTermMonths?: number;
  providerId?: string;
  chipOrigin?: ChipOrigin;
  filedModel?: boolean;
}

export interface CreateApplicationOptions {
  db: Database;
  programId: string;
  enterpriseId: string;
  plannedPurchase: PlannedPurchase;
  /** The subsidy asked for; defaults to the estimate and may not exceed it. */
  requestedFen?: bigint;
  purpose: string;
  actor: VoucherActor;
  now: Date;
}

/**
 * Creates a draft application after the policy engine's eligibility pre-check on the planned
 * purchase (an ineligible enterprise gets POLICY_REJECTED with the trace, and nothing is
 * written). Opens the program for vouchers on its first application (accounts + budget funding).
 *
 * @example
 * const application = await createApplication({ db, programId: 'hangzhou-city-compute',
 *   enterpriseId, plannedPurchase: { kind: 'compute', amountFen: 100_000_000n },
 *   purpose: 'fine-tuning on Ascend 910B', actor, now });
 */
export async function createApplication(options: CreateApplicationOptions): Promise<Application> {
  const { actor, now, plannedPurchase } = options;
  const purpose = options.purpose.trim();
  if (purpose.length === 0 || purpose.length > 2000) {
    throw new DomainError('VALIDATION_FAILED', 'purpose: 1–2000 characters', { field: 'purpose' });
  }
  if (plannedPurchase.amountFen <= 0n) {
    throw new DomainError('VALIDATION_FAILED', 'plannedPurchase.amountFen: must be positive', {
      field: 'plannedPurchase.amountFen',
    });
  }
  return options.db.transaction(async (tx) => {
    const date = shanghaiDate(now);
    const definition = await programInForce(tx, options.programId, date);
    await assertNotBlacklisted(tx, options.enterpriseId, definition.id, now);
    const { profile } = await enterpriseProfile(
      tx,
      options.enterpriseId,
      plannedPurchase.providerId,
    );
    const evaluation = evaluateOrRefuse({
      program: definition,
      enterprise: profile,
      purchase: {
        kind: plannedPurchase.kind,
        amountFen: plannedPurchase.amountFen,
        contractId: 'planned',
        contractAmountFen: plannedPurchase.contractAmountFen ?? plannedPurchase.amountFen,
        contractSignedOn: date,
        ...(plannedPurchase.contractTermMonths === undefined
          ? {}
          : { contractTermMonths: plannedPurchase.contractTermMonths }),
        providerId: plannedPurchase.providerId ?? '',
        ...(plannedPurchase.chipOrigin ? { chipOrigin: plannedPurchase.chipOrigin } : {}),
        ...(plannedPurchase.filedModel === undefined
          ? {}
          : { filedModel: plannedPurchase.filedModel }),
        date,
      },
      yearToDate: await applicationYearToDate(tx, definition.id, options.enterpriseId),
      otherSubsidies: [],
      date,
    });
    const requestedFen = options.requestedFen ?? evaluation.subsidyFen;
    if (requestedFen <= 0n || requestedFen > evaluation.subsidyFen) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'requestedFen: positive and at most the estimate',
        {
          field: 'requestedFen',
          estimatedFen: evaluation.subsidyFen.toString(),
        },
      );
    }
    await activateProgram({ sql: tx, program: definition, now });
    const id = uuidv7();
    const [row] = await tx.query(
      `insert into voucher_applications
         (id, program_id, program_version, enterprise_id, state, requested_fen, estimated_fen,
          planned_purchase, eligibility_trace, purpose, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, 'draft', $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $11)
       returning ${APPLICATION_COLUMNS}`,
      [
        id,
        definition.id,
        definition.version,
        options.enterpriseId,
        requestedFen,
        evaluation.subsidyFen,
        JSON.stringify(plannedPurchase, (_key, value: unknown) =>
          typeof value === 'bigint' ? value.toString() : value,
        ),
        JSON.stringify(evaluation.trace),
        purpose,
        actor.userId,
        now,
      ],
    );
    assert(row, 'createApplication: insert returned no row');
    await recordTransition(
      tx,
      {
        entityType: 'application',
        entityId: id,
        tenantId: options.enterpriseId,
        action: 'create',
        from: null,
        to: 'draft',
        at: now,
      },
      actor,
    );
    return toApplication(row);
  });
}

/** What this program already gave the enterprise and committed overall, for the caps. */
async function applicationYearToDate(
  tx: Sql,
  programId: string,
  enterpriseId: string,
): Promise<YearToDate> {
  const [granted] = await tx.query<{ fen: bigint }>(
    `select coalesce(sum(amount_fen - returned_fen), 0)::int8 as fen from voucher_grants
      where program_id = $1 and enterprise_id = $2 and state <> 'clawed_back'`,
    [programId, enterpriseId],
  );
  const program = await findVoucherProgram(tx, programId);
  let committedFen = 0n;
  if (program?.budgetFen != null) {
    const [budget] = await getBalances({ sql: tx, ids: [program.accounts.budget] });
    committedFen = program.budgetFen - (budget?.availableFen ?? program.budgetFen);
    if (committedFen < 0n) committedFen = 0n;
  }
  return {
    enterpriseYearSubsidyFen: granted?.fen ?? 0n,
    programYearCommittedFen: committedFen,
    contractSubsidyFen: 0n,
  };
}
