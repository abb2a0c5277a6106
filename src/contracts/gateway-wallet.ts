import { z } from 'zod';
import { positiveFenString } from './money.ts';

/**
 * The MaaS wallet over REST: an operator records a deposit; the enterprise (and operator staff)
 * read its balances settled / in flight / committed, with its model vouchers. Fen as decimal
 * strings.
 */

export const walletDepositBody = z
  .object({
    amountFen: positiveFenString.meta({ example: '10000' }),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .meta({ description: 'the payment it records', example: 'bank transfer 2026-0042' }),
  })
  .meta({ id: 'GatewayWalletDeposit' });

export const walletDepositSchema = z
  .object({
    enterpriseId: z.uuid(),
    transferId: z.uuid(),
    walletSettledFen: z.string().meta({ example: '10000' }),
  })
  .meta({ id: 'GatewayWalletDepositResult' });

const figures = {
  settledFen: z.string().meta({ description: 'arrived less left', example: '7000' }),
  inFlightFen: z
    .string()
    .meta({ description: 'leased to gateway processes for calls in progress', example: '500' }),
  committedFen: z.string().meta({ description: 'what new calls may still lease', example: '6500' }),
};

export const gatewayBalancesSchema = z
  .object({
    enterpriseId: z.uuid(),
    wallet: z.object({ accountId: z.uuid(), ...figures }),
    vouchers: z.array(
      z.object({ grantId: z.uuid(), programId: z.string(), accountId: z.uuid(), ...figures }),
    ),
    spendableFen: z.string().meta({ example: '9500' }),
  })
  .meta({ id: 'GatewayBalances' });
