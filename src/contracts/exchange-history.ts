import { z } from 'zod';

/**
 * What the two sides of the exchange look back on (docs/exchange.md): the usage reports received
 * for an order with the invoice each settled into, a provider's payouts, and an enterprise's MaaS
 * wallet deposits. Fen as decimal strings; instants ISO 8601.
 */

const uuid = z.uuid();
const instant = z.iso.datetime({ offset: true });

export const receivedUsageReportSchema = z
  .object({
    reportId: uuid,
    orderId: uuid,
    outcome: z.enum(['accepted', 'refused']),
    refusalCode: z
      .string()
      .nullable()
      .meta({ description: 'the error code it was refused with; null when accepted' }),
    period: z.object({ from: instant, to: instant }),
    cardHours: z.string(),
    receivedAt: instant,
    amountFen: z
      .string()
      .nullable()
      .meta({ description: 'what the provider invoices for it; null when refused' }),
    subsidyFen: z.string().nullable().meta({ description: 'the voucher’s share' }),
    enterpriseFen: z.string().nullable().meta({ description: 'the enterprise’s share' }),
  })
  .meta({ id: 'ReceivedUsageReport' });

export const receivedUsageReportListSchema = z
  .object({ items: z.array(receivedUsageReportSchema) })
  .meta({ id: 'ReceivedUsageReportList' });

export const providerPayoutListSchema = z
  .object({
    items: z.array(
      z.object({
        id: uuid,
        providerId: uuid,
        payoutDay: z.string().meta({ description: 'the Asia/Shanghai day it pays for' }),
        amountFen: z.string(),
        transferId: uuid,
        paidAt: instant,
      }),
    ),
  })
  .meta({ id: 'ProviderPayoutList' });

export const walletDepositListSchema = z
  .object({
    items: z.array(
      z.object({
        transferId: uuid,
        amountFen: z.string(),
        reference: z.string().nullable().meta({ description: 'the payment it records' }),
        depositedAt: instant,
      }),
    ),
  })
  .meta({ id: 'GatewayWalletDepositList' });

export const historyListQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .meta({ param: { name: 'limit', in: 'query' } }),
});
