import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away PostgreSQL cluster from the Debian binaries: `initdb` + `pg_ctl` on a free
 * port, run as the `postgres` system user when we are root (initdb refuses root), removed
 * on stop. Tests that need real concurrency use it; everything else uses PGlite.
 */
export interface PostgresCluster {
  /** Superuser URL of the `postgres` database. */
  adminUrl: string;
  port: number;
  stop: () => void;
}

function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .map(Number)
      .filter((version) => version >= 15)
      .sort((a, b) => b - a);
    const newest = versions[0];
    if (newest !== undefined) return join(root, String(newest), 'bin');
  }
  throw new Error(
    'PostgreSQL 15+ server binaries not found under /usr/lib/postgresql (apt-get install postgresql)',
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;

function runAsOwner(binary: string, args: string[]): void {
  const [command, finalArgs] = isRoot
    ? ['runuser', ['-u', 'postgres', '--', binary, ...args]]
    : [binary, args];
  const result = spawnSync(command, finalArgs, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${binary} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const binDir = findBinDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'suanli-pg-'));
  if (isRoot) {
    chmodSync(dataDir, 0o700);
    execFileSync('chown', ['postgres:postgres', dataDir]);
  }
  const port = await freePort();
  runAsOwner(join(binDir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  const serverOptions = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dataDir}`,
    '-c max_connections=300',
    '-c shared_buffers=256MB',
    '-c fsync=on',
  ].join(' ');
  runAsOwner(join(binDir, 'pg_ctl'), [
    '-D',
    dataDir,
    '-o',
    serverOptions,
    '-l',
    join(dataDir, 'server.log'),
    '-w',
    'start',
  ]);
  let stopped = false;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        runAsOwner(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
