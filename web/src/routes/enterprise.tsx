import { Navigate } from 'react-router';
import { page, type ConsoleArea } from './area.ts';

/** An enterprise's own pages: programs it qualifies for, applications, grants, claims. */
export const enterpriseArea: ConsoleArea = {
  key: 'enterprise',
  basePath: '/enterprise',
  roles: ['enterprise-admin', 'enterprise-member'],
  navTitleKey: 'enterprise:nav.title',
  nav: [
    { path: '/enterprise/programs', labelKey: 'enterprise:nav.programs' },
    { path: '/enterprise/applications', labelKey: 'enterprise:nav.applications' },
    { path: '/enterprise/grants', labelKey: 'enterprise:nav.grants' },
    { path: '/enterprise/claims', labelKey: 'enterprise:nav.claims' },
    { path: '/enterprise/statements', labelKey: 'enterprise:nav.statements' },
  ],
  routes: [
    { index: true, element: <Navigate to="/enterprise/grants" replace /> },
    { path: 'programs', lazy: page(() => import('../pages/enterprise/EligibilityPage.tsx')) },
    { path: 'apply/:programId', lazy: page(() => import('../pages/enterprise/ApplyPage.tsx')) },
    { path: 'applications', lazy: page(() => import('../pages/enterprise/ApplicationsPage.tsx')) },
    {
      path: 'applications/:id',
      lazy: page(() => import('../pages/enterprise/ApplicationPage.tsx')),
    },
    { path: 'grants', lazy: page(() => import('../pages/enterprise/GrantsPage.tsx')) },
    { path: 'claims', lazy: page(() => import('../pages/enterprise/ClaimsPage.tsx')) },
    { path: 'claims/:id', lazy: page(() => import('../pages/enterprise/ClaimPage.tsx')) },
    { path: 'statements', lazy: page(() => import('../pages/enterprise/StatementsPage.tsx')) },
  ],
};
