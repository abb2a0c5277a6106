import { Navigate } from 'react-router';
import { page, type ConsoleArea } from './area.ts';

/** Pages anyone may open without signing in: programs, the calculator, 公示 lists. */
export const publicArea: ConsoleArea = {
  key: 'public',
  basePath: '',
  navTitleKey: 'public:nav.title',
  nav: [{ path: '/programs', labelKey: 'public:nav.catalog' }],
  routes: [
    { index: true, element: <Navigate to="/programs" replace /> },
    { path: 'programs', lazy: page(() => import('../pages/public/ProgramCatalogPage.tsx')) },
  ],
};
