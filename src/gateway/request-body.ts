import type { z } from 'zod';
import { DomainError } from '../domain/shared/errors.ts';
import type { ClientCall } from './client-call.ts';

/** Largest request body the gateway reads (long contexts with images fit; more is 413). */
export const GATEWAY_BODY_BYTES_MAX = 8 * 1024 * 1024;

/**
 * Reads and checks a JSON body: 413 past the size (counted as the bytes arrive, whatever the
 * Content-Length says), 400 for anything not JSON or not matching the schema, naming the field.
 * Returns the parsed body and its byte length (the input-token bound is made from it).
 */
export async function readJsonBody<Schema extends z.ZodType>(
  call: ClientCall,
  schema: Schema,
): Promise<{ body: z.output<Schema>; bytes: number }> {
  const declared = Number(call.header('content-length') ?? '0');
  if (declared > GATEWAY_BODY_BYTES_MAX) throw tooLarge();
  const text = await call.text(GATEWAY_BODY_BYTES_MAX);
  if (text === null) throw tooLarge();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new DomainError(
      'VALIDATION_FAILED',
      `${field || 'body'}: ${issue?.message ?? 'invalid'}`,
      { field },
    );
  }
  return { body: parsed.data, bytes: Buffer.byteLength(text) };
}

function tooLarge(): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `the body is over ${GATEWAY_BODY_BYTES_MAX} bytes`);
}
