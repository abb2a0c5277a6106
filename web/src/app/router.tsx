import { createBrowserRouter, type RouteObject } from 'react-router';
import { page } from '../routes/area.ts';
import { consoleAreas } from '../routes/index.ts';
import { AppShell } from './AppShell.tsx';
import { RequireRoles } from './RequireRoles.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { LoadingState } from '../components/states.tsx';

/** Each area's routes under its base path, behind its role guard. */
const areaRoutes: RouteObject[] = consoleAreas.map((area) => ({
  path: area.basePath === '' ? undefined : area.basePath,
  element: <RequireRoles roles={area.roles} />,
  children: area.routes,
}));

export const router = createBrowserRouter([
  {
    path: '/login',
    lazy: page(() => import('../pages/login/LoginPage.tsx')),
    // Shown while the first page's module loads (every page is its own chunk).
    hydrateFallbackElement: <LoadingState />,
  },
  {
    element: <AppShell />,
    hydrateFallbackElement: <LoadingState />,
    children: [...areaRoutes, { path: '*', element: <NotFoundPage /> }],
  },
]);
