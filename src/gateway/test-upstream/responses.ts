import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  embeddingOf,
  firstToolName,
  promptTokensOf,
  replyWords,
  textOf,
  toolCallOf,
  wordsOf,
  type ChatBody,
} from './answers.ts';
import type { Behaviour } from './behaviour.ts';

/** The test upstream's responses (the rules are in answers.ts and behaviour.ts). */

/** A fixed `created` (2026-01-01) so answers are byte-for-byte deterministic. */
export const CREATED = 1_767_225_600;

export function answerChat(response: ServerResponse, body: ChatBody, model: string): void {
  const words = replyWords(body);
  const tool = firstToolName(body);
  const message = tool
    ? { role: 'assistant', content: null, tool_calls: [toolCallOf(body, tool)] }
    : { role: 'assistant', content: words.join(' ') };
  const completion = tool ? 1 : words.length;
  const prompt = promptTokensOf(body);
  sendJson(response, 200, {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop', logprobs: null }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  });
}

export async function streamChat(
  response: ServerResponse,
  body: ChatBody,
  model: string,
  behaviour: Behaviour,
  includeUsage: boolean,
): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: CREATED, model };
  const usageField = includeUsage ? { usage: null } : {};
  const tool = firstToolName(body);
  const deltas: Record<string, unknown>[] = tool
    ? [{ role: 'assistant', tool_calls: [{ index: 0, ...toolCallOf(body, tool) }] }]
    : replyWords(body).map((word, index) => ({
        ...(index === 0 ? { role: 'assistant' } : {}),
        content: index === 0 ? word : ` ${word}`,
      }));
  for (const [index, delta] of deltas.entries()) {
    if (behaviour.dieAfterChunks !== null && index >= behaviour.dieAfterChunks) {
      // Let what was written reach the client first: destroy() drops unsent bytes.
      await new Promise<void>((resolve) => response.write('', () => resolve()));
      response.socket?.destroy();
      return;
    }
    if (index > 0 && behaviour.chunkDelayMs > 0) await sleep(behaviour.chunkDelayMs);
    const last = index === deltas.length - 1;
    const choice = {
      index: 0,
      delta,
      finish_reason: last ? (tool ? 'tool_calls' : 'stop') : null,
      logprobs: null,
    };
    response.write(`data: ${JSON.stringify({ ...base, choices: [choice], ...usageField })}\n\n`);
  }
  if (includeUsage) {
    const prompt = promptTokensOf(body);
    const completion = deltas.length;
    const usage = {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    };
    response.write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}

/** `encoding_format: 'base64'` (the SDK's default): little-endian float32s, base64-encoded. */
function encoded(vector: number[], base64: boolean): number[] | string {
  return base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
}

export function answerEmbeddings(
  response: ServerResponse,
  input: unknown,
  model: string,
  base64: boolean,
): void {
  const inputs = Array.isArray(input) ? input : [input];
  const texts = inputs.map((item) =>
    typeof item === 'string' ? item : textOf(item) || JSON.stringify(item),
  );
  const tokens = texts.reduce((sum, text) => sum + Math.max(1, wordsOf(text).length), 0);
  sendJson(response, 200, {
    object: 'list',
    data: texts.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: encoded(embeddingOf(text), base64),
    })),
    model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
