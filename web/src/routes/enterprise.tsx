import { Navigate } from 'react-router';
import { page, type ConsoleArea } from './area.ts';

/** An enterprise's own pages: programs it qualifies for, applications, grants, claims. */
export const enterpriseArea: ConsoleArea = {
  key: 'enterprise',
  basePath: '/enterprise',
  roles: ['enterprise-admin', 'enterprise-member'],
  navTitleKey: 'enterprise:nav.title',
  nav: [{ path: '/enterprise/grants', labelKey: 'enterprise:nav.grants' }],
  routes: [
    { index: true, element: <Navigate to="/enterprise/grants" replace /> },
    { path: 'grants', lazy: page(() => import('../pages/enterprise/GrantsPage.tsx')) },
  ],
};
