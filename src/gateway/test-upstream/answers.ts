import { createHash } from 'node:crypto';

/**
 * The test upstream's deterministic answers. Token rule: a token is a whitespace-separated word
 * of the message contents (text parts of multi-part contents included); the reply is
 * `echo: ` and the last user message's words, cut to `max_tokens` words; each streamed chunk
 * carries one word. With tools, it calls the first tool with `{"input": <last user text>}`.
 */
export interface ChatBody {
  model?: unknown;
  messages?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
  tools?: unknown;
}

interface Message {
  role?: unknown;
  content?: unknown;
}

export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) =>
        typeof part === 'object' &&
        part !== null &&
        typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join(' ');
  }
  return '';
}

export function wordsOf(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== '');
}

export function promptTokensOf(body: ChatBody): number {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  return messages.reduce((sum, message) => sum + wordsOf(textOf(message.content)).length, 0);
}

export function lastUserText(body: ChatBody): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  return last ? textOf(last.content) : '';
}

/** The reply's words: `echo:` then the last user message's, at most `max_tokens` in all. */
export function replyWords(body: ChatBody): string[] {
  const limit = Number(body.max_completion_tokens ?? body.max_tokens ?? 1_000_000);
  return ['echo:', ...wordsOf(lastUserText(body))].slice(0, Math.max(1, limit));
}

export function firstToolName(body: ChatBody): string | null {
  if (!Array.isArray(body.tools) || body.tools.length === 0) return null;
  const tool = body.tools[0] as { function?: { name?: unknown } };
  return typeof tool.function?.name === 'string' ? tool.function.name : null;
}

export function toolCallOf(body: ChatBody, name: string): Record<string, unknown> {
  return {
    id: `call_${createHash('sha256').update(lastUserText(body)).digest('hex').slice(0, 16)}`,
    type: 'function',
    function: { name, arguments: JSON.stringify({ input: lastUserText(body) }) },
  };
}

/** An 8-dimension unit-free vector from the text's sha256: the same text, the same vector. */
export function embeddingOf(text: string): number[] {
  const digest = createHash('sha256').update(text).digest();
  return Array.from({ length: 8 }, (_, index) => (digest[index] ?? 0) / 255);
}
