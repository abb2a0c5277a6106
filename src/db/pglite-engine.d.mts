/** A request to the PGlite engine; `tx` names an open transaction (undefined: none). */
export type EngineRequest =
  | { op: 'query'; text: string; params: readonly unknown[] | undefined; tx: number | undefined }
  | { op: 'exec'; script: string; tx: number | undefined }
  | { op: 'begin'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' };

/** An error as plain data: name, message, stack and the own fields a clone can carry. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  fields: Record<string, unknown>;
}

export type EngineReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export interface PgliteEngine {
  /** Never rejects: a failure is a reply with `ok: false`. */
  handle(request: EngineRequest): Promise<EngineReply>;
}

export function openPgliteEngine(dataDir: string): Promise<PgliteEngine>;
export function serializeError(error: unknown): SerializedError;
