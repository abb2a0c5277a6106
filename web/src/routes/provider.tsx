import { Navigate } from 'react-router';
import { page, type ConsoleArea } from './area.ts';

/** A provider's pages: the claims on its contracts that pay it, payouts and statements. */
export const providerArea: ConsoleArea = {
  key: 'provider',
  basePath: '/provider',
  roles: ['provider-admin'],
  navTitleKey: 'provider:nav.title',
  nav: [
    { path: '/provider/claims', labelKey: 'provider:nav.claims' },
    { path: '/provider/payouts', labelKey: 'provider:nav.payouts' },
  ],
  routes: [
    { index: true, element: <Navigate to="/provider/claims" replace /> },
    { path: 'claims', lazy: page(() => import('../pages/provider/ProviderClaimsPage.tsx')) },
    { path: 'payouts', lazy: page(() => import('../pages/provider/PayoutsPage.tsx')) },
  ],
};
