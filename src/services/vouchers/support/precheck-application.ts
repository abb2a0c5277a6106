import type { Sql } from '../../../db/client.ts';
import type { ProgramEvaluation } from '../../../domain/policy/evaluate-purchase.ts';
import type { YearToDate } from '../../../domain/policy/inputs.ts';
import type {
  ChipOrigin,
  ProgramDefinition,
  PurchaseKind,
} from '../../../domain/policy/program.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { shanghaiDayOf } from '../../../domain/shared/calendar.ts';
import { getBalances } from '../../ledger/index.ts';
import { enterpriseProfile, evaluateOrRefuse, programInForce } from './policy-context.ts';
import { findVoucherProgram } from './program-row.ts';
import { assertNotBlacklisted } from './rows.ts';
import type { PurchaseProject } from './purchase-project.ts';

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

export interface PrecheckResult {
  definition: ProgramDefinition;
  evaluation: ProgramEvaluation;
  requestedFen: bigint;
  purpose: string;
  plannedPurchaseJson: string;
}

/**
 * The eligibility pre-check of an application (new or edited): the policy engine evaluates the
 * planned purchase under the program in force today; the request defaults to the estimate and may
 * not exceed it. POLICY_REJECTED (with the trace) when the enterprise does not qualify.
 */
export async function precheckApplication(
  tx: Sql,
  input: {
    programId: string;
    enterpriseId: string;
    plannedPurchase: PlannedPurchase;
    requestedFen?: bigint;
    purpose: string;
    now: Date;
  },
): Promise<PrecheckResult> {
  const { plannedPurchase, now } = input;
  const purpose = input.purpose.trim();
  if (purpose.length === 0 || purpose.length > 2000) {
    throw new DomainError('VALIDATION_FAILED', 'purpose: 1–2000 characters', { field: 'purpose' });
  }
  if (plannedPurchase.amountFen <= 0n) {
    throw new DomainError('VALIDATION_FAILED', 'plannedPurchase.amountFen: must be positive', {
      field: 'plannedPurchase.amountFen',
    });
  }
  const date = shanghaiDayOf(now);
  const definition = await programInForce(tx, input.programId, date);
  await assertNotBlacklisted(tx, input.enterpriseId, definition.id, now);
  const { profile } = await enterpriseProfile(tx, input.enterpriseId, plannedPurchase.providerId);
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
      ...(plannedPurchase.purpose === undefined ? {} : { purpose: plannedPurchase.purpose }),
      ...(plannedPurchase.projectId === undefined ? {} : { projectId: plannedPurchase.projectId }),
      ...(plannedPurchase.projectTags === undefined
        ? {}
        : { projectTags: plannedPurchase.projectTags }),
      date,
    },
    yearToDate: await applicationYearToDate(tx, definition.id, input.enterpriseId),
    otherSubsidies: [],
    date,
  });
  const requestedFen = input.requestedFen ?? evaluation.subsidyFen;
  if (requestedFen <= 0n || requestedFen > evaluation.subsidyFen) {
    throw new DomainError('VALIDATION_FAILED', 'requestedFen: positive and at most the estimate', {
      field: 'requestedFen',
      estimatedFen: evaluation.subsidyFen.toString(),
    });
  }
  return {
    definition,
    evaluation,
    requestedFen,
    purpose,
    plannedPurchaseJson: JSON.stringify(plannedPurchase, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ),
  };
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
