import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState, ForbiddenState, LoadingState } from '../components/states.tsx';
import { hasAnyRole, useMe, type Role } from './session.ts';

/**
 * Opens the area's pages only for the roles that may: a visitor goes to sign in (and comes
 * back), a signed-in user without the role sees why not. The API refuses them anyway; this
 * only spares them a page of errors.
 */
export function RequireRoles({ roles }: { roles: readonly Role[] | undefined }) {
  const me = useMe();
  const location = useLocation();
  if (roles === undefined) return <Outlet />;
  if (me.isPending) return <LoadingState />;
  if (me.error !== null) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data === null) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!hasAnyRole(me.data, roles)) return <ForbiddenState />;
  return <Outlet />;
}
