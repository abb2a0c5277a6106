/**
 * Gateway key limits hold across processes on one database: two KeyLimiters (what two gateway
 * processes hold) on a real PostgreSQL take slices of the same per-key windows, and together
 * never admit more than the limit — under concurrency, and for any sequence of needs
 * (fast-check). Spend limits refuse with GATEWAY_SPEND_LIMIT_REACHED and a retry-after that
 * runs to the end of the Asia/Shanghai day.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/shared/errors.ts';
import { KeyLimiter } from '../src/gateway/key-limiter.ts';
import { systemActor } from '../src/services/authz/index.ts';
import { createGatewayKey, type GatewayKey } from '../src/services/gateway/keys/index.ts';
import { createTestEnterprise } from './support/gateway-fixtures.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';

let pg: TestPostgres;
let enterpriseId: string;

beforeAll(async () => {
  pg = await createTestPostgres(12);
  enterpriseId = await createTestEnterprise(pg.db, new Date());
});

afterAll(async () => {
  await pg.drop();
});

async function keyWith(input: {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  spendLimitDayFen?: bigint;
}): Promise<GatewayKey> {
  const { gatewayKey } = await createGatewayKey({
    db: pg.db,
    actor: systemActor,
    enterpriseId,
    now: new Date(),
    input: {
      name: 'limits',
      requestsPerMinute: input.requestsPerMinute ?? 1_000_000,
      tokensPerMinute: input.tokensPerMinute ?? 10_000_000_000,
      spendLimitDayFen: input.spendLimitDayFen ?? null,
    },
  });
  return gatewayKey;
}

async function admitted(
  limiter: KeyLimiter,
  key: GatewayKey,
  tokens: number,
  now: Date,
): Promise<boolean> {
  try {
    await limiter.admit(key, { tokens, spendMicroFen: 0n }, now);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RATE_LIMITED') return false;
    throw error;
  }
}

describe('key limits across two gateway processes', () => {
  it('admit at most the requests per minute, together, under concurrency', async () => {
    const key = await keyWith({ requestsPerMinute: 57 });
    const processes = [new KeyLimiter(pg.db), new KeyLimiter(pg.db)];
    const now = new Date('2026-12-06T08:00:10Z');
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, index) => admitted(processes[index % 2]!, key, 1, now)),
    );
    expect(results.filter(Boolean).length).toBe(57);
    // The next minute is a new window.
    expect(await admitted(processes[0]!, key, 1, new Date('2026-12-06T08:01:00Z'))).toBe(true);
  });

  it('never pass the tokens per minute for any interleaving of needs (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 10, max: 5_000 }),
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.integer({ min: 1, max: 800 }),
            fc.integer({ min: 0, max: 100 }),
          ),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        async (limit, calls) => {
          const key = await keyWith({ tokensPerMinute: limit });
          const processes = [new KeyLimiter(pg.db), new KeyLimiter(pg.db)];
          const now = new Date('2026-12-06T09:00:00Z');
          let spent = 0;
          await Promise.all(
            calls.map(async ([second, need, usedPercent]) => {
              const limiter = processes[second ? 1 : 0]!;
              try {
                const hold = await limiter.admit(key, { tokens: need, spendMicroFen: 0n }, now);
                const used = Math.floor((need * usedPercent) / 100);
                spent += used;
                hold.finish({ tokens: used, spendMicroFen: 0n });
              } catch (error) {
                if (!(error instanceof DomainError && error.code === 'RATE_LIMITED')) throw error;
              }
            }),
          );
          expect(spent).toBeLessThanOrEqual(limit);
          const [row] = await pg.db.query<{ used: bigint }>(
            `select used from gateway_key_windows where key_id = $1 and dimension = 'tokens'`,
            [key.id],
          );
          expect(Number(row?.used ?? 0n)).toBeLessThanOrEqual(limit);
          // Stopping gives back what the processes hold unspent: only what was used stays counted.
          await Promise.all(processes.map((limiter) => limiter.close()));
          const [after] = await pg.db.query<{ used: bigint }>(
            `select used from gateway_key_windows where key_id = $1 and dimension = 'tokens'`,
            [key.id],
          );
          expect(Number(after?.used ?? 0n)).toBe(spent);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses past the daily spend limit with retry-after to the end of the Shanghai day', async () => {
    const key = await keyWith({ spendLimitDayFen: 10n });
    const limiter = new KeyLimiter(pg.db);
    // 23:59:30 in Shanghai: the day ends in 30 seconds.
    const now = new Date('2026-12-06T15:59:30Z');
    const hold = await limiter.admit(key, { tokens: 1, spendMicroFen: 9_000_000n }, now);
    hold.finish({ tokens: 1, spendMicroFen: 9_000_000n });
    const error: unknown = await limiter
      .admit(key, { tokens: 1, spendMicroFen: 2_000_000n }, now)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'GATEWAY_SPEND_LIMIT_REACHED',
      details: { window: 'spend-day', retryAfterSeconds: 30 },
    });
    // A refusal takes nothing: a call that fits in what is left still passes.
    await limiter.admit(key, { tokens: 1, spendMicroFen: 1_000_000n }, now);
  });
});
