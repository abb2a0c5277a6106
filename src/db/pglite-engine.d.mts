/** A request to the PGlite engine; `tx` names an open transaction (undefined: none). */
export type EngineRequest =
  | {
      op: 'query';
      text: string;
      params: readonly unknown[] | undefined;
      tx: number | undefined;
      /** The input of a `COPY … FROM '/dev/blob'`, in COPY's text format. */
      copyFrom?: string | undefined;
    }
  | { op: 'exec'; script: string; tx: number | undefined }
  | { op: 'begin'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'dump' }
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

/** How a data directory starts: empty (initdb), or from a tarball of `dump`. */
export interface PgliteStart {
  loadDataDir?: Uint8Array | undefined;
}

export function openPgliteEngine(dataDir: string, start?: PgliteStart): Promise<PgliteEngine>;
export function serializeError(error: unknown): SerializedError;
