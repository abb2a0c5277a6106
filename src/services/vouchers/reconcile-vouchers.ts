import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { ClaimState } from '../../domain/vouchers/claim.ts';
import type { GrantState } from '../../domain/vouchers/grant.ts';
import {
  reconcileClaim,
  reconcileGrant,
  reconcileProgram,
  type ClaimHoldings,
  type ReconciliationFinding,
} from '../../domain/vouchers/reconciliation.ts';
import {
  reconcileClaimEvidenceSums,
  type ClaimEvidenceRows,
} from '../../domain/vouchers/claim-evidence-sums.ts';
import { lookupAccounts, sumTransfersByTag, type Account } from '../ledger/index.ts';
import { loadVoucherProgram, type VoucherProgram } from './support/program-row.ts';

/** Most claims or grants of one program reconciled in one run (a bound on memory). */
const MAX_ENTITIES_PER_PROGRAM = 500_000;
/** Grant accounts read per round trip. */
const ACCOUNT_CHUNK = 1000;

export interface ReconciliationReport {
  ok: boolean;
  programs: number;
  claims: number;
  grants: number;
  findings: ReconciliationFinding[];
}

/**
 * Reconciles every claim's and grant's state with its ledger balances, program by program
 * (docs/vouchers.md#no-stranded-money): each claim holds exactly what its state says (a
 * reservation while submitted, the payable while redeemed, nothing once rejected or clawed back),
 * each closed grant holds nothing, every fen of a payable belongs to a claim, and
 * budget + grants + payable + paid + owed back equals what was funded. Each finding names the
 * claim or grant. Read-only; `suanli ledger verify` runs it after the ledger's own check.
 *
 * @example
 * const report = await reconcileVouchers({ sql: db, now: new Date() });
 * if (!report.ok) for (const finding of report.findings) console.error(finding.message);
 */
export async function reconcileVouchers(options: {
  sql: Sql;
  now: Date;
  /** One program only (tests, a targeted check); every activated program by default. */
  programId?: string;
}): Promise<ReconciliationReport> {
  const { sql, now } = options;
  const programIds =
    options.programId === undefined
      ? (
          await sql.query<{ program_id: string }>(
            'select program_id from voucher_programs order by program_id',
          )
        ).map((row) => row.program_id)
      : [options.programId];
  const report: ReconciliationReport = {
    ok: true,
    programs: 0,
    claims: 0,
    grants: 0,
    findings: [],
  };
  for (const programId of programIds) {
    const program = await loadVoucherProgram(sql, programId);
    const result = await reconcileOneProgram(sql, program, now);
    report.programs += 1;
    report.claims += result.claims;
    report.grants += result.grants;
    report.findings.push(...result.findings);
  }
  report.ok = report.findings.length === 0;
  return report;
}

async function reconcileOneProgram(
  sql: Sql,
  program: VoucherProgram,
  now: Date,
): Promise<{ claims: number; grants: number; findings: ReconciliationFinding[] }> {
  const { accounts } = program;
  const claims = await sql.query<{
    id: string;
    state: ClaimState;
    reserved_fen: bigint;
    redeemed_fen: bigint;
    clawed_back_fen: bigint;
    invoice_amount_fen: bigint | null;
    paid_amount_fen: bigint | null;
  }>(
    `select id, state, reserved_fen, redeemed_fen, clawed_back_fen, invoice_amount_fen,
            paid_amount_fen
       from voucher_claims where program_id = $1 order by id limit $2`,
    [program.programId, MAX_ENTITIES_PER_PROGRAM + 1],
  );
  const grants = await sql.query<{ id: string; state: GrantState; account_id: string }>(
    `select id, state, account_id from voucher_grants where program_id = $1 order by id limit $2`,
    [program.programId, MAX_ENTITIES_PER_PROGRAM + 1],
  );
  if (claims.length > MAX_ENTITIES_PER_PROGRAM || grants.length > MAX_ENTITIES_PER_PROGRAM) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `program ${program.programId}: more than ${MAX_ENTITIES_PER_PROGRAM} claims or grants to reconcile in one run`,
      { field: 'programId' },
    );
  }
  const holdings = await claimHoldings(sql, program, now);
  const evidenceRows = await claimEvidenceRows(sql, program.programId);
  const findings: ReconciliationFinding[] = [];
  let claimsPayableFen = 0n;
  let claimsReservedFen = 0n;
  for (const row of claims) {
    const actual = holdings.get(row.id) ?? { payableFen: 0n, reservedFen: 0n, paidOutFen: 0n };
    claimsPayableFen += actual.payableFen;
    claimsReservedFen += actual.reservedFen;
    const claim = {
      id: row.id,
      programId: program.programId,
      state: row.state,
      reservedFen: row.reserved_fen,
      redeemedFen: row.redeemed_fen,
      clawedBackFen: row.clawed_back_fen,
    };
    findings.push(...reconcileClaim(claim, actual));
    findings.push(
      ...reconcileClaimEvidenceSums(
        { ...claim, invoiceAmountFen: row.invoice_amount_fen, paidAmountFen: row.paid_amount_fen },
        evidenceRows.get(row.id) ?? { invoicedFen: 0n, paidFen: 0n },
      ),
    );
  }
  // MaaS: the voucher's share of model calls sits in the payable too, tagged `gateway:` by the
  // gateway's leases (docs/gateway-money.md); it belongs to the calls in its usage records.
  const gateway = await gatewayHoldings(sql, program.programId, accounts.payable, now);
  claimsPayableFen += gateway.postedFen;
  claimsReservedFen += gateway.pendingFen;
  if (gateway.postedFen !== gateway.recordedFen) {
    findings.push({
      entity: 'program',
      id: program.programId,
      programId: program.programId,
      state: 'activated',
      account: 'payable',
      expectedFen: gateway.recordedFen,
      actualFen: gateway.postedFen,
      message: `program ${program.programId}: the gateway posted ${gateway.postedFen} fen to the payable, its usage records say ${gateway.recordedFen} fen`,
    });
  }
  const reservations = await openGrantReservations(sql, program, now);
  const grantAccounts = await lookupGrantAccounts(
    sql,
    grants.map((grant) => grant.account_id),
  );
  let grantsFen = 0n;
  for (const grant of grants) {
    const account = grantAccounts.get(grant.account_id);
    grantsFen += (account?.creditsPostedFen ?? 0n) - (account?.debitsPostedFen ?? 0n);
    const availableFen = account
      ? account.creditsPostedFen - account.debitsPostedFen - account.debitsPendingFen
      : 0n;
    const openReservationFen = reservations.get(grant.id) ?? 0n;
    findings.push(
      ...reconcileGrant(
        { id: grant.id, programId: program.programId, state: grant.state },
        { availableFen, openReservationFen },
      ),
    );
  }
  const [treasury, budget, payable, paidOut, receivable, penalty] = await lookupAccounts({
    sql,
    ids: [
      accounts.treasury,
      accounts.budget,
      accounts.payable,
      accounts.paidOut,
      accounts.receivable,
      accounts.penalty,
    ],
  });
  const posted = (account: Account | undefined): bigint =>
    (account?.creditsPostedFen ?? 0n) - (account?.debitsPostedFen ?? 0n);
  findings.push(
    ...reconcileProgram(program.programId, {
      fundedFen: treasury?.debitsPostedFen ?? 0n,
      budgetFen: posted(budget),
      grantsFen,
      payableFen: posted(payable),
      paidFen: posted(paidOut),
      owedBackFen: posted(receivable) - (penalty?.debitsPostedFen ?? 0n),
      claimsPayableFen,
      claimsReservedFen,
      payablePendingFen: payable?.creditsPendingFen ?? 0n,
    }),
  );
  return { claims: claims.length, grants: grants.length, findings };
}

/** What each claim's invoice and payment rows add up to (claims with none are absent). */
async function claimEvidenceRows(
  sql: Sql,
  programId: string,
): Promise<Map<string, ClaimEvidenceRows>> {
  const rows = await sql.query<{ claim_id: string; invoiced_fen: bigint; paid_fen: bigint }>(
    `select claim_id, sum(invoiced_fen)::bigint as invoiced_fen, sum(paid_fen)::bigint as paid_fen
       from (select i.claim_id, i.amount_fen as invoiced_fen, 0::bigint as paid_fen
               from voucher_claim_invoices i join voucher_claims c on c.id = i.claim_id
              where c.program_id = $1
             union all
             select p.claim_id, 0::bigint, p.amount_fen
               from voucher_claim_payments p join voucher_claims c on c.id = p.claim_id
              where c.program_id = $1) evidence
      group by claim_id`,
    [programId],
  );
  return new Map(
    rows.map((row) => [row.claim_id, { invoicedFen: row.invoiced_fen, paidFen: row.paid_fen }]),
  );
}

/** What each claim holds in the program's payable and paid-out accounts (tag `claim:<id>`). */
async function claimHoldings(
  sql: Sql,
  program: VoucherProgram,
  now: Date,
): Promise<Map<string, ClaimHoldings>> {
  const { payable, paidOut } = program.accounts;
  const flows = await sumTransfersByTag({
    sql,
    accountIds: [payable, paidOut],
    tagPrefix: 'claim:',
    now,
  });
  const byClaim = new Map<string, ClaimHoldings>();
  for (const flow of flows) {
    const claimId = flow.userData.slice('claim:'.length);
    const holding = byClaim.get(claimId) ?? { payableFen: 0n, reservedFen: 0n, paidOutFen: 0n };
    const net = flow.creditsPostedFen - flow.debitsPostedFen;
    if (flow.accountId === payable) {
      holding.payableFen += net;
      holding.reservedFen += flow.creditsOpenPendingFen;
    } else {
      holding.paidOutFen += net;
    }
    byClaim.set(claimId, holding);
  }
  return byClaim;
}

/** Each grant's reservation (budget → grant, tag `grant:<id>`) still open at `now`. */
async function openGrantReservations(
  sql: Sql,
  program: VoucherProgram,
  now: Date,
): Promise<Map<string, bigint>> {
  const flows = await sumTransfersByTag({
    sql,
    accountIds: [program.accounts.budget],
    tagPrefix: 'grant:',
    now,
  });
  return new Map(
    flows.map((flow) => [flow.userData.slice('grant:'.length), flow.debitsOpenPendingFen]),
  );
}

async function lookupGrantAccounts(
  sql: Sql,
  ids: readonly string[],
): Promise<Map<string, Account>> {
  const byId = new Map<string, Account>();
  for (let start = 0; start < ids.length; start += ACCOUNT_CHUNK) {
    const chunk = await lookupAccounts({ sql, ids: ids.slice(start, start + ACCOUNT_CHUNK) });
    for (const account of chunk) byId.set(account.id, account);
  }
  return byId;
}

/**
 * The gateway's part of the program's payable: posted and open pending amounts of transfers
 * tagged `gateway:`, and what the usage records of model calls paid by this program's vouchers
 * billed to it (equal when nothing is stranded).
 */
async function gatewayHoldings(
  sql: Sql,
  programId: string,
  payableAccountId: string,
  now: Date,
): Promise<{ postedFen: bigint; pendingFen: bigint; recordedFen: bigint }> {
  const flows = await sumTransfersByTag({
    sql,
    accountIds: [payableAccountId],
    tagPrefix: 'gateway:',
    now,
  });
  let postedFen = 0n;
  let pendingFen = 0n;
  for (const flow of flows) {
    postedFen += flow.creditsPostedFen - flow.debitsPostedFen;
    pendingFen += flow.creditsOpenPendingFen;
  }
  const [recorded] = await sql.query<{ fen: bigint }>(
    `select coalesce(sum(billed_voucher_fen), 0)::int8 as fen from gateway_usage_records
      where program_id = $1`,
    [programId],
  );
  return { postedFen, pendingFen, recordedFen: recorded?.fen ?? 0n };
}
