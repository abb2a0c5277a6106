import type { Sql } from '../../db/client.ts';
import { accountCodes } from '../../domain/vouchers/account-plan.ts';
import type { Account } from '../ledger/index.ts';
import type { Actor } from '../authz/actor.ts';
import { authorizeProgram, voucherFilter } from './voucher-access.ts';
import { getBalances, lookupAccounts } from '../ledger/index.ts';
import { isReservationPosted } from './support/close-grant.ts';
import { operatorProgramsSql } from '../programs/program-owner.ts';
import { loadVoucherProgram, type VoucherProgram } from './support/program-row.ts';
import { GRANT_COLUMNS, toGrant, type Grant } from './support/rows.ts';

/**
 * An enterprise's money under one grant (docs/architecture.md#the-money-path), from the ledger's
 * counters:
 * - committed: granted and not yet claimed (the pending budget → grant reservation while no claim
 *   was made, then the grant account's available balance);
 * - in flight: claims submitted, their reservations pending in the ledger;
 * - settled: redeemed (posted to the payable), net of what was clawed back.
 */
export interface GrantBalance {
  grantId: string;
  programId: string;
  /** The grant's ledger account, whose statement shows every movement behind these figures. */
  account: LedgerAccountName;
  state: Grant['state'];
  amountFen: bigint;
  committedFen: bigint;
  inFlightFen: bigint;
  settledFen: bigint;
  returnedFen: bigint;
  expiresAt: Date;
}

/** A ledger account as a balance names it: its id, its account-plan code and that code's name. */
export interface LedgerAccountName {
  id: string;
  code: number;
  /** The account plan's name of the code (`grant`, `programBudget`…). */
  name: string;
}

/** Names an account by the voucher account plan (a code outside it keeps its number as name). */
export function nameLedgerAccount(account: Pick<Account, 'id' | 'code'>): LedgerAccountName {
  const planned = Object.entries(accountCodes).find(([, code]) => code === account.code);
  return { id: account.id, code: account.code, name: planned?.[0] ?? String(account.code) };
}

/** Most grants one balance view reads (an enterprise has a handful per year). */
const MAX_GRANTS = 500;

/**
 * Balances of an enterprise, per grant and in total (optionally for one program).
 *
 * @example
 * const { totals } = await getEnterpriseBalances({ sql: db, enterpriseId });
 */
export async function getEnterpriseBalances(options: {
  sql: Sql;
  /** `balance.read`: operator staff see the grants of their programs only. */
  actor: Actor;
  enterpriseId: string;
  programId?: string;
}): Promise<{
  grants: GrantBalance[];
  totals: { committedFen: bigint; inFlightFen: bigint; settledFen: bigint };
}> {
  const { sql } = options;
  const scope = voucherFilter(options.actor, 'balance.read', options.enterpriseId);
  const rows = await sql.query(
    `select ${GRANT_COLUMNS} from voucher_grants
      where enterprise_id = $1 and ($2::text is null or program_id = $2)
        and ${operatorProgramsSql('program_id', '$3')}
      order by id limit ${MAX_GRANTS}`,
    [options.enterpriseId, options.programId ?? null, scope.operatorTenantId ?? null],
  );
  const grants = rows.map(toGrant);
  const balances = await Promise.all(grants.map((grant) => grantBalance(sql, grant)));
  const totals = { committedFen: 0n, inFlightFen: 0n, settledFen: 0n };
  for (const balance of balances) {
    totals.committedFen += balance.committedFen;
    totals.inFlightFen += balance.inFlightFen;
    totals.settledFen += balance.settledFen;
  }
  return { grants: balances, totals };
}

/** The three views of one grant (definitions on `GrantBalance`). */
export async function grantBalance(sql: Sql, grant: Grant): Promise<GrantBalance> {
  const [account] = await lookupAccounts({ sql, ids: [grant.accountId] });
  const [clawed] = await sql.query<{ fen: bigint }>(
    `select coalesce(sum(clawed_back_fen), 0)::int8 as fen from voucher_claims where grant_id = $1`,
    [grant.id],
  );
  const posted = await isReservationPosted(sql, grant.id);
  const debitsPostedFen = account?.debitsPostedFen ?? 0n;
  const committedFen = posted
    ? (account?.creditsPostedFen ?? 0n) - debitsPostedFen - (account?.debitsPendingFen ?? 0n)
    : (account?.creditsPendingFen ?? 0n);
  return {
    grantId: grant.id,
    programId: grant.programId,
    account: nameLedgerAccount({
      id: grant.accountId,
      code: account?.code ?? accountCodes.grant,
    }),
    state: grant.state,
    amountFen: grant.amountFen,
    committedFen,
    inFlightFen: account?.debitsPendingFen ?? 0n,
    // Before its reservation was posted a grant has no claims and returns by void (no debit).
    // Credits past the posted reservation are redeemed claims rejected later (payable → grant).
    settledFen: posted
      ? debitsPostedFen -
        grant.returnedFen -
        (clawed?.fen ?? 0n) -
        ((account?.creditsPostedFen ?? 0n) - grant.amountFen)
      : 0n,
    returnedFen: grant.returnedFen,
    expiresAt: grant.expiresAt,
  };
}

/** The operator's budget view of a program; funded = remaining + committed + inFlight + settled + clawedBackOwed. */
export interface ProgramBudget {
  programId: string;
  /** What the treasury put into the budget. */
  fundedFen: bigint;
  /** Free for new grants. */
  remainingFen: bigint;
  committedFen: bigint;
  inFlightFen: bigint;
  /** Redeemed, payable or paid out, net of clawbacks. */
  settledFen: bigint;
  paidOutFen: bigint;
  /** Clawed back from recipients after payout and not recovered yet (without penalties). */
  clawedBackOwedFen: bigint;
  penaltiesFen: bigint;
  /** The program's ledger accounts behind these figures, by their role in the account plan. */
  accounts: (LedgerAccountName & { role: keyof VoucherProgram['accounts'] })[];
}

/**
 * The program budget view for operators, from the program accounts' counters alone (no scan of
 * grants): see the identity on `ProgramBudget`.
 */
export async function getProgramBudget(options: {
  sql: Sql;
  /** `programBudget.read`: staff of the program's operator tenant (and jobs, the CLI). */
  actor: Actor;
  programId: string;
}): Promise<ProgramBudget> {
  await authorizeProgram(options.sql, options.actor, 'programBudget.read', options.programId);
  const program = await loadVoucherProgram(options.sql, options.programId);
  const ids = program.accounts;
  const roles = ['treasury', 'budget', 'payable', 'paidOut', 'receivable', 'penalty'] as const;
  const looked = await lookupAccounts({ sql: options.sql, ids: roles.map((role) => ids[role]) });
  const [treasury, , payable, paidOut, receivable, penalty] = looked;
  const [budgetBalance] = await getBalances({ sql: options.sql, ids: [ids.budget] });
  const fundedFen = treasury?.debitsPostedFen ?? 0n;
  const remainingFen = budgetBalance?.availableFen ?? 0n;
  const inFlightFen = payable?.creditsPendingFen ?? 0n;
  const paidOutFen = (paidOut?.creditsPostedFen ?? 0n) - (paidOut?.debitsPostedFen ?? 0n);
  const settledFen =
    (payable?.creditsPostedFen ?? 0n) - (payable?.debitsPostedFen ?? 0n) + paidOutFen;
  const penaltiesFen = penalty?.debitsPostedFen ?? 0n;
  const clawedBackOwedFen = (receivable?.creditsPostedFen ?? 0n) - penaltiesFen;
  return {
    programId: program.programId,
    fundedFen,
    remainingFen,
    committedFen: fundedFen - remainingFen - inFlightFen - settledFen - clawedBackOwedFen,
    inFlightFen,
    settledFen,
    paidOutFen,
    clawedBackOwedFen,
    penaltiesFen,
    accounts: roles.flatMap((role) => {
      const account = looked.find((candidate) => candidate.id === ids[role]);
      return account ? [{ role, ...nameLedgerAccount(account) }] : [];
    }),
  };
}
