import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The lock file inside a PGlite data directory (PostgreSQL ignores files it does not know). */
export const LOCK_FILE_NAME = 'suanli.lock';

/** A data directory another live process (or this one) holds open. */
export class DataDirectoryLockedError extends Error {
  override readonly name = 'DataDirectoryLockedError';
  readonly dataDir: string;
  readonly holderPid: number;

  constructor(dataDir: string, holderPid: number, lockPath: string) {
    super(
      `the data directory ${dataDir} is in use by process ${holderPid} (a running server or ` +
        `command): stop it first, or set DATA_DIR to another directory. If no such process ` +
        `runs, delete ${lockPath}.`,
    );
    this.dataDir = dataDir;
    this.holderPid = holderPid;
  }
}

/**
 * Takes the exclusive lock on a PGlite data directory: PGlite is one process's embedded
 * database, and a second process opening the same files (the CLI while the server runs)
 * corrupts them or reads a stale state while reporting nothing wrong. The lock is a file
 * created with `wx` (fails if it exists) holding the holder's pid; a lock whose pid is not
 * alive is stale (a killed server) and taken over. Same-host only, as PGlite itself.
 * Returns the release function; throws DataDirectoryLockedError while a live process holds it.
 *
 * @example
 * const release = acquireDataDirectoryLock('./data');
 * try { … } finally { release(); }
 */
export function acquireDataDirectoryLock(dataDir: string): () => void {
  const directory = resolve(dataDir);
  mkdirSync(directory, { recursive: true });
  const lockPath = join(directory, LOCK_FILE_NAME);
  const content = `${JSON.stringify({ pid: process.pid, host: hostname(), at: new Date() })}\n`;
  // Two rounds: the first may find a stale lock and remove it, the second creates ours. A
  // third process racing for the same stale lock loses the `wx` and sees the winner's pid.
  for (let round = 0; round < 2; round += 1) {
    try {
      const fd = openSync(lockPath, 'wx', 0o644);
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      return () => {
        // Only our own lock: a takeover after a hang must not be undone by the old holder.
        if (readHolderPid(lockPath) === process.pid) rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolderPid(lockPath);
    if (holder !== undefined && isAlive(holder)) {
      throw new DataDirectoryLockedError(dataDir, holder, lockPath);
    }
    // No pid yet may also be a holder between its `wx` open and its write: young, so wait.
    if (holder === undefined && Date.now() - modifiedAtMs(lockPath) < 5_000) {
      throw new DataDirectoryLockedError(dataDir, 0, lockPath);
    }
    rmSync(lockPath, { force: true });
  }
  throw new DataDirectoryLockedError(dataDir, readHolderPid(lockPath) ?? 0, lockPath);
}

/** The pid in a lock file, or undefined when it is gone or unreadable (a crash mid-write). */
function readHolderPid(lockPath: string): number | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown };
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0
      ? parsed.pid
      : undefined;
  } catch {
    return undefined;
  }
}

function modifiedAtMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Signal 0 tests for a process without touching it; EPERM means it exists as another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
