import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import type { ChipOrigin, PurchaseKind } from '../../domain/policy/program.ts';
import { assert } from '../../domain/shared/assert.ts';
import { activateProgram } from './activate-program.ts';
import type { PurchaseProject } from './create-claim.ts';
import type { VoucherActor } from './support/actor.ts';
import { precheckApplication } from './support/precheck-application.ts';
import { APPLICATION_COLUMNS, toApplication, type Application } from './support/rows.ts';
import { DeferredAudits, recordTransition } from './support/transitions.ts';
import { submitApplicationInTransaction } from './submit-application.ts';

/** The purchase an enterprise plans, for the eligibility pre-check and the subsidy estimate. */
export interface PlannedPurchase extends PurchaseProject {
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
  /** Submit it too, in the same transaction (see submitApplication). */
  submit?: boolean;
  actor: VoucherActor;
  now: Date;
}

/**
 * Creates a draft application after the policy engine's eligibility pre-check on the planned
 * purchase (an ineligible enterprise gets POLICY_REJECTED with the trace, and nothing is
 * written). Opens the program for vouchers on its first application (accounts + budget funding).
 * With `submit`, submits it in the same transaction: the application is created and decided, or
 * nothing is written.
 *
 * @example
 * const application = await createApplication({ db, programId: 'hangzhou-city-compute',
 *   enterpriseId, plannedPurchase: { kind: 'compute', amountFen: 100_000_000n },
 *   purpose: 'fine-tuning on Ascend 910B', actor, now });
 */
export async function createApplication(options: CreateApplicationOptions): Promise<Application> {
  const { actor, now } = options;
  return options.db.transaction(async (tx) => {
    const { definition, evaluation, requestedFen, purpose, plannedPurchaseJson } =
      await precheckApplication(tx, options);
    await activateProgram({
      sql: tx,
      program: definition,
      operatorTenantId: await publisherTenant(tx, definition.id, definition.version),
      now,
    });
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
        plannedPurchaseJson,
        JSON.stringify(evaluation.trace),
        purpose,
        actor.userId,
        now,
      ],
    );
    assert(row, 'createApplication: insert returned no row');
    // Submitting may move money in the ledger, whose chain head must be locked before the audit
    // chain head (recordAudit): the audit events wait until the submission is done.
    const audits = new DeferredAudits();
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
      audits,
    );
    const application = options.submit
      ? (await submitApplicationInTransaction(tx, { applicationId: id, actor, now }, audits))
          .application
      : toApplication(row);
    await audits.flush();
    return application;
  });
}

/**
 * The operator tenant a program belongs to: the tenant of the user who published the version
 * (null for catalog files published by the system — then every operator sees it).
 */
async function publisherTenant(
  tx: Sql,
  programId: string,
  version: number,
): Promise<string | null> {
  const [row] = await tx.query<{ tenant_id: string }>(
    `select u.tenant_id from program_versions v
       join users u on u.id::text = v.published_by
       join tenants t on t.id = u.tenant_id and t.kind = 'operator'
      where v.program_id = $1 and v.version = $2`,
    [programId, version],
  );
  return row?.tenant_id ?? null;
}
