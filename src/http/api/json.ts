import type { z } from '@hono/zod-openapi';
import type { apiKeySchema, userSchema } from '../../contracts/auth.ts';
import type { ApiKey, User } from '../../services/access/index.ts';

/** The JSON shapes of access objects (contracts/auth.ts): dates as ISO strings. */
export function userJson(user: User): z.output<typeof userSchema> {
  return { ...user, createdAt: user.createdAt.toISOString() };
}

export function apiKeyJson(apiKey: ApiKey): z.output<typeof apiKeySchema> {
  return {
    ...apiKey,
    createdAt: apiKey.createdAt.toISOString(),
    expiresAt: apiKey.expiresAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
  };
}
