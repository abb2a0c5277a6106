import { upstreamUsage } from '../contracts/gateway-openai.ts';
import type { MeteredUsage } from './meter.ts';

/**
 * Tokens from an upstream's `usage` object, or null when it sent none or a malformed one. Counts
 * are clipped to the call's worst case: an upstream that over-reports cannot bill more than was
 * reserved.
 */
export function usageOf(
  value: unknown,
  worstCase: { inputTokens: number; outputTokens: number },
): MeteredUsage | null {
  const parsed = upstreamUsage.safeParse(value);
  if (!parsed.success) return null;
  const inputTokens = Math.min(parsed.data.prompt_tokens, worstCase.inputTokens);
  return {
    inputTokens,
    cachedInputTokens: Math.min(parsed.data.prompt_tokens_details?.cached_tokens ?? 0, inputTokens),
    outputTokens: Math.min(parsed.data.completion_tokens ?? 0, worstCase.outputTokens),
  };
}

/**
 * Tokens of a call the upstream never reported (a stream cut short): the input at one token
 * per four bytes of the request (rounded up, within the bound), and one output token per
 * content or tool-call chunk delivered (OpenAI-compatible servers stream a token per chunk).
 * What was not delivered is not billed.
 */
export function estimatedUsage(options: {
  requestBytes: number;
  worstCase: { inputTokens: number; outputTokens: number };
  deliveredChunks: number;
}): MeteredUsage {
  return {
    inputTokens: Math.min(Math.ceil(options.requestBytes / 4), options.worstCase.inputTokens),
    cachedInputTokens: 0,
    outputTokens: Math.min(options.deliveredChunks, options.worstCase.outputTokens),
  };
}
