import { assert } from '../shared/assert.ts';

/**
 * Who may use which ledger codes. An account's `code` says what kind of account it is, a
 * transfer's `code` why the money moved; reports, `suanli ledger` listings and reconciliation
 * read them, so a code means one thing forever. Each module that books money owns a block of
 * account codes and a block of transfer codes, and defines its codes with `accountCodesOf` and
 * `transferCodesOf`, which refuse a code outside its blocks — so a new module (the gateway, the
 * exchange) cannot take a code that already means something else.
 *
 * The blocks are numbered like a chart of accounts: 5xxx for the public programs' money.
 */

/** ISO 4217's number for the yuan: ledger 156 holds CNY amounts in fen. */
export const CNY_LEDGER = 156;

/** An inclusive block of codes, `first` to `last`. */
export interface CodeBlock {
  readonly first: number;
  readonly last: number;
}

export type LedgerModule = 'vouchers' | 'gateway' | 'exchange';

export interface ModuleCodeBlocks {
  readonly accounts: CodeBlock;
  readonly transfers: CodeBlock;
  /** In use, or kept for a module not built yet. */
  readonly status: 'in use' | 'reserved';
}

export const ledgerCodeBlocks: Readonly<Record<LedgerModule, ModuleCodeBlocks>> = {
  /** Programs, grants, claims, payout and clawback (src/domain/vouchers/account-plan.ts). */
  vouchers: {
    accounts: { first: 5100, last: 5199 },
    transfers: { first: 5200, last: 5299 },
    status: 'in use',
  },
  /** MaaS: enterprise wallets, leases of balance to gateway processes (src/domain/gateway/account-plan.ts). */
  gateway: {
    accounts: { first: 5300, last: 5399 },
    transfers: { first: 5400, last: 5499 },
    status: 'in use',
  },
  /** The compute exchange: orders, provider settlement, the enterprise's own share. */
  exchange: {
    accounts: { first: 5500, last: 5599 },
    transfers: { first: 5600, last: 5699 },
    status: 'in use',
  },
};

function codesIn<Codes extends Readonly<Record<string, number>>>(
  module: LedgerModule,
  kind: 'accounts' | 'transfers',
  codes: Codes,
): Codes {
  const block = ledgerCodeBlocks[module][kind];
  const seen = new Set<number>();
  for (const [name, code] of Object.entries(codes)) {
    assert(
      Number.isInteger(code) && code >= block.first && code <= block.last,
      `${module} ${kind} code ${name} = ${code} is outside its block ${block.first}–${block.last}`,
    );
    assert(!seen.has(code), `${module} ${kind} code ${code} is used twice`);
    seen.add(code);
  }
  return Object.freeze(codes);
}

/**
 * A module's account codes, checked against its block once, when the module loads.
 *
 * @example
 * export const accountCodes = accountCodesOf('vouchers', { programBudget: 5102, grant: 5103 });
 */
export function accountCodesOf<Codes extends Readonly<Record<string, number>>>(
  module: LedgerModule,
  codes: Codes,
): Codes {
  return codesIn(module, 'accounts', codes);
}

/** A module's transfer codes, checked against its block (see `accountCodesOf`). */
export function transferCodesOf<Codes extends Readonly<Record<string, number>>>(
  module: LedgerModule,
  codes: Codes,
): Codes {
  return codesIn(module, 'transfers', codes);
}

/** The module whose block holds `code`, or undefined for a code no module owns. */
export function ledgerCodeOwner(
  kind: 'accounts' | 'transfers',
  code: number,
): LedgerModule | undefined {
  const modules = Object.keys(ledgerCodeBlocks) as LedgerModule[];
  return modules.find((module) => {
    const block = ledgerCodeBlocks[module][kind];
    return code >= block.first && code <= block.last;
  });
}
