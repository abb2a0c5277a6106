import { z } from 'zod';
import { riskFlagKinds } from '../domain/vouchers/risk-flags.ts';

/**
 * What a claim's detail shows besides its row: every invoice and payment proof (the claim's
 * invoiced and paid amounts are their sums) and, for operator staff, its risk flags.
 */

const fenOut = z
  .string()
  .regex(/^-?\d+$/)
  .meta({ example: '2500000' });

/** One invoice of a claim: its identity and amount; the claim's invoiced amount is their sum. */
export const claimInvoiceSchema = z
  .object({
    attachmentId: z.uuid().nullable(),
    invoiceCode: z.string().nullable(),
    invoiceNumber: z.string(),
    amountFen: fenOut,
    createdAt: z.string(),
  })
  .meta({ id: 'ClaimInvoice' });

/** One payment proof of a claim; the claim's paid amount is their sum. */
export const claimPaymentSchema = z
  .object({ attachmentId: z.uuid().nullable(), amountFen: fenOut, createdAt: z.string() })
  .meta({ id: 'ClaimPayment' });

/**
 * What a reviewer should look at on a claim, shown to operator staff only. `related` names the
 * other claim when the reader's operator tenant runs its program too, else null.
 */
export const riskFlagSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(riskFlagKinds),
    reason: z.object({ 'zh-CN': z.string(), en: z.string() }),
    related: z.object({ claimId: z.uuid(), enterpriseId: z.uuid() }).nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ClaimRiskFlag' });
