import { describe, expect, it } from 'vitest';
import { ledgerCodeBlocks, ledgerCodeOwner } from '../ledger/account-codes.ts';
import {
  gatewayAccountCodes,
  gatewayTransferCodes,
  modelServicePayableId,
  walletAccountIds,
} from './account-plan.ts';

describe('the gateway account plan', () => {
  it('holds every code in the gateway’s blocks, which are in use', () => {
    for (const code of Object.values(gatewayAccountCodes)) {
      expect(ledgerCodeOwner('accounts', code)).toBe('gateway');
    }
    for (const code of Object.values(gatewayTransferCodes)) {
      expect(ledgerCodeOwner('transfers', code)).toBe('gateway');
    }
    expect(ledgerCodeBlocks.gateway.status).toBe('in use');
  });

  it('gives each enterprise and provider its own deterministic accounts', () => {
    const a = walletAccountIds('00000000-0000-4000-8000-000000000001');
    const b = walletAccountIds('00000000-0000-4000-8000-000000000002');
    expect(walletAccountIds('00000000-0000-4000-8000-000000000001')).toEqual(a);
    const ids: string[] = [a.wallet, a.deposits, a.holding, b.wallet, b.deposits, b.holding];
    expect(new Set(ids).size).toBe(6);
    expect(modelServicePayableId('p')).not.toBe(modelServicePayableId('q'));
  });
});
