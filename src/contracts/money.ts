import { z } from 'zod';

/**
 * Amounts cross JSON as decimal strings of fen (`"2500000"` = ¥25,000.00), never numbers,
 * so no float ever touches money. Parsed to `bigint` within BIGINT range.
 */
export const fenString = z
  .string()
  .regex(/^(0|[1-9]\d{0,18})$/, 'amount in fen as a decimal string of digits')
  .transform((text, context) => {
    const value = BigInt(text);
    if (value > 9_223_372_036_854_775_807n) {
      context.addIssue({ code: 'custom', message: 'amount exceeds 2^63−1 fen' });
      return z.NEVER;
    }
    return value;
  });

/** A strictly positive fen amount. */
export const positiveFenString = fenString.refine(
  (value) => value > 0n,
  'amount must be greater than 0',
);

/** Rates are integer basis points: 3000 = 30 %. */
export const rateBps = z.number().int().min(0).max(10_000);
