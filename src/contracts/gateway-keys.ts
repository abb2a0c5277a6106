import { z } from 'zod';
import { positiveFenString } from './money.ts';

/**
 * Gateway API keys (`sk-suanli-…`) as the management API shows them
 * (`/api/v1/gateway/keys`): an enterprise's keys for calling models through `/v1`, optionally
 * tied to one of its projects, each with its own limits. The secret is shown once, on creation.
 */

export const createGatewayKeyBody = z
  .strictObject({
    name: z.string().min(1).max(100).meta({ example: 'chatbot production' }),
    /** A project of the enterprise the key's calls are booked to; null: the enterprise's. */
    project: z.string().min(1).max(100).nullable().optional().meta({ example: 'support-bot' }),
    requestsPerMinute: z.number().int().min(1).max(1_000_000).default(600),
    tokensPerMinute: z.number().int().min(1).max(10_000_000_000).default(1_000_000),
    /** At most this much spent per Asia/Shanghai day (fen); absent: no daily limit. */
    spendLimitDayFen: positiveFenString.nullable().optional(),
    /** At most this much spent per Asia/Shanghai calendar month (fen). */
    spendLimitMonthFen: positiveFenString.nullable().optional(),
  })
  .meta({ id: 'CreateGatewayKey' });
export type CreateGatewayKeyInput = z.output<typeof createGatewayKeyBody>;

export const gatewayKeySchema = z
  .object({
    id: z.uuid(),
    enterpriseId: z.uuid(),
    project: z.string().nullable(),
    name: z.string(),
    prefix: z.string().meta({ example: 'sk-suanli-AbCd1234' }),
    requestsPerMinute: z.number().int(),
    tokensPerMinute: z.number().int(),
    spendLimitDayFen: z.string().nullable(),
    spendLimitMonthFen: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'GatewayKey' });

export const createdGatewayKeySchema = z
  .object({
    gatewayKey: gatewayKeySchema,
    secret: z.string().meta({ description: 'shown only in this response' }),
  })
  .meta({ id: 'CreatedGatewayKey' });
