import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** Every setting the process reads from its environment, parsed once at start. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Embedded PGlite's worker thread: `low` (nice 10: the database keeps a share of the CPU when
   * the machine is saturated) or `idle` (Linux SCHED_IDLE: the database runs only on CPU no other
   * thread wants, which lowers the gateway's tail latency on a machine of its own, and starves
   * the database on a saturated one). Elsewhere than Linux it runs as is.
   */
  PGLITE_WORKER_PRIORITY: z.enum(['idle', 'low']).default('low'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  DEMO_DATA: booleanFlag.default(true),
  SESSION_SECRET: z.string().min(16).optional(),
  PUBLIC_URL: z.url().optional(),
  /**
   * The server sits behind one reverse proxy that appends the client's address to
   * `x-forwarded-for`: rate limits key on that address. Off: on the socket's peer address
   * (a client can write any `x-forwarded-for` it likes).
   */
  TRUST_PROXY: booleanFlag.default(false),
  /** When set, `/metrics` needs `Authorization: Bearer <METRICS_TOKEN>` (else it is open). */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').max(200).optional(),
  /**
   * Where evidence files live (content-addressed, docs/evidence.md); default `DATA_DIR/evidence`.
   * With several server processes it must be one shared volume.
   */
  EVIDENCE_DIR: z.string().min(1).optional(),
  /** Per enterprise: bytes of evidence stored in total (default 2 GiB). */
  EVIDENCE_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .default(2 ** 31),
  /** Per enterprise: evidence files uploaded per Asia/Shanghai day. */
  EVIDENCE_QUOTA_FILES_PER_DAY: z.coerce.number().int().min(1).max(1_000_000).default(200),
  /** Per enterprise: uploads streaming at the same time (across every server process). */
  EVIDENCE_QUOTA_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).max(100).default(3),
  /**
   * The MaaS gateway's key for upstream API keys at rest (AES-256-GCM): 32 bytes as 64 hex
   * digits or base64. Unset on embedded PGlite: generated once into DATA_DIR (docs/gateway.md).
   */
  GATEWAY_SECRET_KEY: z
    .string()
    .regex(
      /^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/,
      '32 bytes: 64 hex digits or 44 base64 characters',
    )
    .optional(),
  /** `npm start`: the port of the demo's test upstream (default: a free one). */
  TEST_UPSTREAM_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  /** `npm start`: the demo enterprise's gateway key (`sk-suanli-` + 43 base64url characters). */
  SUANLI_DEMO_API_KEY: z
    .string()
    .regex(/^sk-suanli-[A-Za-z0-9_-]{43}$/, 'sk-suanli- and 43 base64url characters')
    .optional(),
  /**
   * Milliseconds between the gateway's settlement rounds (default 500): how often each process
   * writes its calls' usage records and money, and so how much a crashed process loses unbilled.
   */
  GATEWAY_SETTLE_INTERVAL_MS: z.coerce.number().int().min(10).max(10_000).optional(),
  /** How the gateway orders a model's upstreams: fixed `order`, lowest `price`, or `latency`. */
  GATEWAY_ROUTING: z.enum(['order', 'price', 'latency']).default('order'),
  /**
   * The built web console served at `/` (default `web/dist` of this checkout, which `npm start`
   * builds). A directory without `index.html`: `/` shows the landing page instead.
   */
  WEB_CONSOLE_DIR: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

/** The evidence store's directory: `EVIDENCE_DIR`, else `DATA_DIR/evidence`. */
export function evidenceDirectoryOf(config: Pick<Config, 'EVIDENCE_DIR' | 'DATA_DIR'>): string {
  return config.EVIDENCE_DIR ?? `${config.DATA_DIR.replace(/\/+$/u, '')}/evidence`;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment; throws a `ConfigError` that names every bad variable at once.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (`DATABASE_URL=`) means "not set", as shells and .env files use it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
