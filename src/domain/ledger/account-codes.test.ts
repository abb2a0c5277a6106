import { describe, expect, it } from 'vitest';
import { accountCodes, transferCodes } from '../vouchers/account-plan.ts';
import {
  accountCodesOf,
  ledgerCodeBlocks,
  ledgerCodeOwner,
  transferCodesOf,
  type CodeBlock,
} from './account-codes.ts';

const blocks: { name: string; block: CodeBlock }[] = Object.entries(ledgerCodeBlocks).flatMap(
  ([module, { accounts, transfers }]) => [
    { name: `${module} accounts`, block: accounts },
    { name: `${module} transfers`, block: transfers },
  ],
);

describe('the ledger code registry', () => {
  it('gives no code to two modules: the blocks are well formed and do not overlap', () => {
    for (const { name, block } of blocks) {
      expect(block.first, name).toBeLessThanOrEqual(block.last);
    }
    for (const [index, { name, block }] of blocks.entries()) {
      for (const other of blocks.slice(index + 1)) {
        const overlaps = block.first <= other.block.last && other.block.first <= block.last;
        expect(overlaps, `${name} and ${other.name}`).toBe(false);
      }
    }
  });

  it('holds every code of the vouchers’ account plan in the vouchers’ blocks', () => {
    for (const code of Object.values(accountCodes)) {
      expect(ledgerCodeOwner('accounts', code)).toBe('vouchers');
    }
    for (const code of Object.values(transferCodes)) {
      expect(ledgerCodeOwner('transfers', code)).toBe('vouchers');
    }
  });

  it('refuses a module’s code outside its block, or the same code twice', () => {
    expect(() => accountCodesOf('gateway', { wallet: 5101 })).toThrow(/outside its block/);
    expect(() => transferCodesOf('exchange', { settle: 5601, refund: 5601 })).toThrow(/twice/);
    expect(accountCodesOf('gateway', { wallet: 5301 })).toEqual({ wallet: 5301 });
  });

  it('names no owner for a code outside every block', () => {
    expect(ledgerCodeOwner('accounts', 1)).toBeUndefined();
    expect(ledgerCodeOwner('transfers', 5150)).toBeUndefined();
  });
});
