import {
  createUserBody,
  listUsersQuery,
  updateUserBody,
  userSchema,
} from '../../contracts/auth.ts';
import { idParams, pageOf, pageQuery } from '../../contracts/common.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  createUser,
  getUser,
  listUsers,
  mayGrantRoles,
  rolesByTenantKind,
  updateUser,
  type TenantKind,
} from '../../services/access/index.ts';
import { assertSameTenant, tenantFilter } from './auth.ts';
import { defineRoute } from './define-route.ts';
import { userJson } from './json.ts';
import { decodeCursor, encodeCursor, isIdKey } from './pagination.ts';

const USER_ADMINS = ['operator-admin', 'enterprise-admin', 'provider-admin'] as const;

/** Users: an operator-admin manages every tenant's users, an enterprise-admin its own. */
export const createUserRoute = defineRoute({
  method: 'post',
  path: '/api/v1/users',
  summary: 'Create a user in a tenant',
  description:
    'operator-admin: any tenant, any role fitting the tenant kind. enterprise-admin: enterprise roles in its own tenant.',
  tags: ['users'],
  access: { roles: ['operator-admin', 'enterprise-admin'], tenant: 'any' },
  request: { body: createUserBody },
  responses: { 201: { description: 'created', schema: userSchema } },
  handler: async (c, auth, { body }) => {
    const db = c.get('db');
    const sameTenant = body.tenantId === auth.tenantId;
    if (!sameTenant && !auth.roles.includes('operator-admin')) {
      throw new DomainError('NOT_FOUND', `tenant ${body.tenantId} not found`, {
        field: 'tenantId',
      });
    }
    const [tenant] = await db.query<{ kind: TenantKind }>(
      'select kind from tenants where id = $1',
      [body.tenantId],
    );
    if (!tenant) {
      throw new DomainError('NOT_FOUND', `tenant ${body.tenantId} not found`, {
        field: 'tenantId',
      });
    }
    if (!mayGrantRoles(auth.roles, sameTenant, tenant.kind)) {
      throw new DomainError('FORBIDDEN', 'you may not create users with these roles here', {
        field: 'roles',
        allowed: rolesByTenantKind[tenant.kind],
      });
    }
    const user = await db.transaction((tx) =>
      createUser({
        sql: tx,
        tenantId: body.tenantId,
        email: body.email,
        displayName: body.displayName,
        password: body.password,
        roles: body.roles,
        actor: { userId: auth.userId, tenantId: auth.tenantId, via: auth.via },
        requestId: c.get('requestId'),
        now: c.get('now'),
      }),
    );
    return c.json(userJson(user), 201);
  },
});

export const listUsersRoute = defineRoute({
  method: 'get',
  path: '/api/v1/users',
  summary: 'List users (own tenant; operator-admin any or all tenants)',
  tags: ['users'],
  access: { roles: [...USER_ADMINS], tenant: 'any' },
  request: { query: pageQuery.extend(listUsersQuery.shape) },
  responses: { 200: { description: 'one page of users', schema: pageOf(userSchema) } },
  handler: async (c, auth, { query }) => {
    const tenantId = tenantFilter(auth, query.tenantId, {
      operatorMay: auth.roles.includes('operator-admin'),
    });
    const after = decodeCursor(query.cursor, isIdKey);
    const page = await listUsers({
      sql: c.get('db'),
      tenantId,
      afterId: after?.id,
      limit: query.limit,
    });
    const last = page.users.at(-1);
    return c.json(
      {
        items: page.users.map(userJson),
        nextCursor: page.hasMore && last ? encodeCursor({ id: last.id }) : null,
      },
      200,
    );
  },
});

export const getUserRoute = defineRoute({
  method: 'get',
  path: '/api/v1/users/{id}',
  summary: 'One user',
  tags: ['users'],
  access: { roles: [...USER_ADMINS], tenant: 'any' },
  request: { params: idParams },
  responses: { 200: { description: 'the user', schema: userSchema } },
  handler: async (c, auth, { params }) => {
    const user = await getUser({ sql: c.get('db'), id: params.id });
    assertSameTenant(auth, user?.tenantId, { operatorMay: auth.roles.includes('operator-admin') });
    return c.json(userJson(user), 200);
  },
});

export const updateUserRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/users/{id}',
  summary: 'Rename a user, change its roles, or disable / re-enable it',
  description:
    'operator-admin: any user. enterprise-admin: users of its own enterprise. Disabling ends the user’s sessions and API keys at once.',
  tags: ['users'],
  access: { roles: ['operator-admin', 'enterprise-admin'], tenant: 'any' },
  request: { params: idParams, body: updateUserBody },
  responses: { 200: { description: 'the updated user', schema: userSchema } },
  handler: async (c, auth, { params, body }) => {
    const db = c.get('db');
    const user = await db.transaction(async (tx) => {
      const current = await getUser({ sql: tx, id: params.id });
      assertSameTenant(auth, current?.tenantId, {
        operatorMay: auth.roles.includes('operator-admin'),
      });
      return updateUser({
        sql: tx,
        id: params.id,
        changes: body,
        actor: { userId: auth.userId, tenantId: auth.tenantId, via: auth.via },
        requestId: c.get('requestId'),
        now: c.get('now'),
      });
    });
    return c.json(userJson(user), 200);
  },
});
