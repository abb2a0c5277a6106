import { z } from 'zod';

/**
 * What the gateway checks of OpenAI-compatible request bodies before it forwards them. Only the
 * fields it needs are checked — the model, what bounds the cost (`max_tokens`, `n`), streaming;
 * every other field (tools, `tool_choice`, `response_format`, `temperature`, …) passes through
 * to the upstream as the client sent it.
 */

const modelField = z.string().min(1).max(256);
const tokenCount = z.number().int().min(1).max(100_000_000);

export const chatCompletionRequest = z.looseObject({
  model: modelField,
  messages: z
    .array(z.looseObject({ role: z.string().min(1).max(64) }))
    .min(1)
    .max(10_000),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: tokenCount.nullable().optional(),
  max_completion_tokens: tokenCount.nullable().optional(),
  n: z.number().int().min(1).max(16).nullable().optional(),
});
export type ChatCompletionRequest = z.output<typeof chatCompletionRequest>;

export const embeddingRequest = z.looseObject({
  model: modelField,
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    z.array(z.number().int()).min(1),
    z.array(z.array(z.number().int())).min(1).max(2048),
  ]),
});
export type EmbeddingRequest = z.output<typeof embeddingRequest>;

/** The usage object OpenAI-compatible upstreams report. */
export const upstreamUsage = z.looseObject({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0).optional(),
  prompt_tokens_details: z
    .looseObject({ cached_tokens: z.number().int().min(0).nullable().optional() })
    .nullable()
    .optional(),
});
export type UpstreamUsage = z.output<typeof upstreamUsage>;
