import type { meSchema, roleSchema } from '@contracts/auth.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { ApiError } from '../api/api-error.ts';
import { api } from '../api/client.ts';

export type Role = z.infer<typeof roleSchema>;
export type Me = z.infer<typeof meSchema>;

export const ME_QUERY_KEY = ['me'] as const;

/** Who is signed in: the user, or `null` for a visitor (401 is not an error here). */
async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/api/v1/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** The signed-in user (roles read on every load, so a role change shows at once). */
export function useMe() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** Forgets every cached answer after sign-in or sign-out: they belonged to another person. */
export function useResetSession(): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    client.clear();
    await client.invalidateQueries({ queryKey: ME_QUERY_KEY });
  };
}

/** Whether the user holds at least one of the roles (no roles listed: everyone). */
export function hasAnyRole(me: Me | null | undefined, roles: readonly Role[] | undefined): boolean {
  if (roles === undefined) return true;
  if (me === null || me === undefined) return false;
  return me.user.roles.some((role) => roles.includes(role));
}
