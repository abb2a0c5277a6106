import { assert } from '../shared/assert.ts';

/**
 * What a model call costs, exactly. Prices are whole fen per million tokens, so a call's cost in
 * millionths of a fen (µfen) is `tokens × price` with no division: exact, never rounded. Whole
 * fen appear only when money reaches the ledger (`whole-fen.ts` says how they are rounded).
 */

/** One fen in millionths of a fen. */
export const MICRO_FEN_PER_FEN = 1_000_000n;

/** Most tokens one call may count on one side: bounds every product below 2^63. */
export const MAX_TOKENS_PER_CALL = 100_000_000;

/** Most fen per million tokens a catalog entry may charge (¥1,000,000 per million tokens). */
export const MAX_PRICE_FEN_PER_MILLION = 100_000_000n;

/** A model's prices, in fen per million tokens. */
export interface ModelPrices {
  inputFenPerMillion: bigint;
  outputFenPerMillion: bigint;
  /** Input tokens the upstream served from its cache; the input price when absent. */
  cachedInputFenPerMillion?: bigint;
}

/** Tokens of one call as the upstream reports them. */
export interface TokenUsage {
  /** Every input token, cached ones included (OpenAI's `prompt_tokens`). */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those served from the upstream's cache. */
  cachedInputTokens?: number;
}

/** The most a call may use: an upper bound of its input and `max_tokens` (or the model's cap). */
export interface WorstCase {
  inputTokens: number;
  outputTokens: number;
}

function assertTokens(tokens: number, what: string): void {
  assert(
    Number.isSafeInteger(tokens) && tokens >= 0 && tokens <= MAX_TOKENS_PER_CALL,
    `${what}: token count out of range: ${tokens}`,
  );
}

/** Asserts prices a catalog may hold (the catalog validates its input before this). */
export function assertPrices(prices: ModelPrices): void {
  for (const price of [
    prices.inputFenPerMillion,
    prices.outputFenPerMillion,
    prices.cachedInputFenPerMillion ?? 0n,
  ]) {
    assert(price >= 0n && price <= MAX_PRICE_FEN_PER_MILLION, `price out of range: ${price}`);
  }
}

/**
 * The exact cost of a call in µfen: uncached input × input price + cached input × cached price +
 * output × output price.
 *
 * @example
 * // 1,200 input tokens at 400 fen/M and 300 output tokens at 1,200 fen/M:
 * callCostMicroFen({ inputFenPerMillion: 400n, outputFenPerMillion: 1200n },
 *   { inputTokens: 1200, outputTokens: 300 }) // 840000n µfen = 0.84 fen
 */
export function callCostMicroFen(prices: ModelPrices, usage: TokenUsage): bigint {
  assertPrices(prices);
  assertTokens(usage.inputTokens, 'inputTokens');
  assertTokens(usage.outputTokens, 'outputTokens');
  const cached = usage.cachedInputTokens ?? 0;
  assertTokens(cached, 'cachedInputTokens');
  assert(cached <= usage.inputTokens, 'cachedInputTokens: more than inputTokens');
  const cachedPrice = prices.cachedInputFenPerMillion ?? prices.inputFenPerMillion;
  return (
    BigInt(usage.inputTokens - cached) * prices.inputFenPerMillion +
    BigInt(cached) * cachedPrice +
    BigInt(usage.outputTokens) * prices.outputFenPerMillion
  );
}

/**
 * The most a call can cost: every input token uncached (the dearer price of the two) and every
 * allowed output token. A reservation holds this much until the call settles.
 *
 * @example
 * worstCaseMicroFen({ inputFenPerMillion: 400n, outputFenPerMillion: 1200n },
 *   { inputTokens: 2000, outputTokens: 1000 }) // 2000000n µfen = 2 fen
 */
export function worstCaseMicroFen(prices: ModelPrices, worstCase: WorstCase): bigint {
  assertPrices(prices);
  assertTokens(worstCase.inputTokens, 'worstCase.inputTokens');
  assertTokens(worstCase.outputTokens, 'worstCase.outputTokens');
  const cachedPrice = prices.cachedInputFenPerMillion ?? prices.inputFenPerMillion;
  const inputPrice =
    cachedPrice > prices.inputFenPerMillion ? cachedPrice : prices.inputFenPerMillion;
  return (
    BigInt(worstCase.inputTokens) * inputPrice +
    BigInt(worstCase.outputTokens) * prices.outputFenPerMillion
  );
}

/** Usage clipped to the worst case it was reserved for (an upstream that over-reports). */
export function clipToWorstCase(usage: TokenUsage, worstCase: WorstCase): TokenUsage {
  const inputTokens = Math.min(usage.inputTokens, worstCase.inputTokens);
  return {
    inputTokens,
    outputTokens: Math.min(usage.outputTokens, worstCase.outputTokens),
    cachedInputTokens: Math.min(usage.cachedInputTokens ?? 0, inputTokens),
  };
}

/** µfen as yuan text with 8 decimals (`840000n` → `"0.00840000"`), exact, for `usage.cost`. */
export function microFenToYuanText(amountMicroFen: bigint): string {
  assert(amountMicroFen >= 0n, 'microFenToYuanText: negative amount');
  const perYuan = MICRO_FEN_PER_FEN * 100n;
  const whole = amountMicroFen / perYuan;
  const fraction = (amountMicroFen % perYuan).toString().padStart(8, '0');
  return `${whole}.${fraction}`;
}
