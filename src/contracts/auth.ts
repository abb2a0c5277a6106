import { z } from 'zod';

/** Request and response schemas of login, users and API keys. Shared with the web console. */

export const roleSchema = z.enum([
  'operator-admin',
  'reviewer',
  'auditor',
  'enterprise-admin',
  'enterprise-member',
  'provider-admin',
]);

export const tenantKindSchema = z.enum(['operator', 'enterprise', 'provider']);

export const loginBody = z
  .strictObject({
    email: z.string().trim().min(3).max(254).meta({ example: 'admin@operator.example' }),
    password: z.string().min(1).max(200),
  })
  .meta({ id: 'LoginRequest' });

export const userSchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    tenantKind: tenantKindSchema,
    email: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    createdAt: z.string(),
    disabled: z.boolean(),
  })
  .meta({ id: 'User' });

export const meSchema = z
  .object({
    user: userSchema,
    via: z.enum(['session', 'apiKey']),
    scopes: z.array(z.enum(['read', 'write', 'gateway'])),
  })
  .meta({ id: 'Me' });

export const loginResponse = z
  .object({ user: userSchema, csrfToken: z.string(), expiresAt: z.string() })
  .meta({ id: 'LoginResponse' });

export const createUserBody = z
  .strictObject({
    tenantId: z.uuid(),
    email: z.string().trim().min(3).max(254),
    displayName: z.string().trim().min(1).max(200),
    password: z.string().min(10).max(200),
    roles: z.array(roleSchema).min(1).max(6),
  })
  .meta({ id: 'CreateUserRequest' });

export const updateUserBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(200).optional(),
    roles: z.array(roleSchema).min(1).max(6).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field')
  .meta({ id: 'UpdateUserRequest' });

export const listUsersQuery = z.object({
  tenantId: z
    .uuid()
    .optional()
    .meta({ param: { name: 'tenantId', in: 'query' }, description: 'operator-admin only' }),
});

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    tenantId: z.uuid(),
    createdBy: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ example: 'sk_AbCd1234' }),
    scopes: z.array(z.enum(['read', 'write', 'gateway'])),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createApiKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(['read', 'write', 'gateway']))
      .min(1)
      .max(3),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'CreateApiKeyRequest' });

export const createdApiKeySchema = z
  .object({
    apiKey: apiKeySchema,
    secret: z.string().meta({ description: 'Shown once: only its sha256 is stored.' }),
  })
  .meta({ id: 'CreatedApiKey' });
