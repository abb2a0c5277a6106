import {
  createUserBody,
  listUsersQuery,
  updateUserBody,
  userSchema,
} from '../../contracts/auth.ts';
import { idParams, pageOf, pageQuery } from '../../contracts/common.ts';
import { createUser, getUser, listUsers, updateUser } from '../../services/access/index.ts';
import { defineRoute } from './define-route.ts';
import { userJson } from './json.ts';
import { decodeCursor, encodeCursor, isIdKey } from './pagination.ts';

/**
 * Users: an operator-admin manages every tenant's users, an enterprise-admin its own; admins
 * read their tenant's users and everyone reads their own record (the `user.*` permissions).
 */
export const createUserRoute = defineRoute({
  method: 'post',
  path: '/api/v1/users',
  summary: 'Create a user in a tenant',
  description:
    'operator-admin: any tenant, any role fitting the tenant kind. enterprise-admin: enterprise roles in its own tenant.',
  tags: ['users'],
  access: { action: 'user.create' },
  request: { body: createUserBody },
  responses: { 201: { description: 'created', schema: userSchema } },
  handler: async (c, auth, { body }) => {
    const user = await c.get('db').transaction((tx) =>
      createUser({
        sql: tx,
        tenantId: body.tenantId,
        email: body.email,
        displayName: body.displayName,
        password: body.password,
        roles: body.roles,
        actor: auth,
        now: c.get('now'),
      }),
    );
    return c.json(userJson(user), 201);
  },
});

export const listUsersRoute = defineRoute({
  method: 'get',
  path: '/api/v1/users',
  summary:
    'List users (admins: their tenant, operator-admin any or all tenants; others: themselves)',
  tags: ['users'],
  access: { action: 'user.list' },
  request: { query: pageQuery.extend(listUsersQuery.shape) },
  responses: { 200: { description: 'one page of users', schema: pageOf(userSchema) } },
  handler: async (c, auth, { query }) => {
    const after = decodeCursor(query.cursor, isIdKey);
    const page = await listUsers({
      sql: c.get('db'),
      actor: auth,
      tenantId: query.tenantId,
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
  summary: 'One user (admins: their tenant’s, operator-admin any; others: themselves)',
  tags: ['users'],
  access: { action: 'user.read' },
  request: { params: idParams },
  responses: { 200: { description: 'the user', schema: userSchema } },
  handler: async (c, auth, { params }) => {
    const user = await getUser({ sql: c.get('db'), actor: auth, id: params.id });
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
  access: { action: 'user.update' },
  request: { params: idParams, body: updateUserBody },
  responses: { 200: { description: 'the updated user', schema: userSchema } },
  handler: async (c, auth, { params, body }) => {
    const user = await c
      .get('db')
      .transaction((tx) =>
        updateUser({ sql: tx, id: params.id, changes: body, actor: auth, now: c.get('now') }),
      );
    return c.json(userJson(user), 200);
  },
});
