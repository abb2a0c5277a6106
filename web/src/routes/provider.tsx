import { Navigate } from 'react-router';
import { page, type ConsoleArea } from './area.ts';

/**
 * A provider's pages: the claims on its contracts that pay it, payouts and statements; its
 * models in the MaaS catalog; its exchange offers, the orders that pay it and its statement.
 */
export const providerArea: ConsoleArea = {
  key: 'provider',
  basePath: '/provider',
  roles: ['provider-admin'],
  navTitleKey: 'provider:nav.title',
  nav: [
    { path: '/provider/claims', labelKey: 'provider:nav.claims' },
    { path: '/provider/payouts', labelKey: 'provider:nav.payouts' },
    { path: '/provider/models', labelKey: 'provider:nav.models' },
    { path: '/provider/exchange', labelKey: 'provider:nav.exchange' },
  ],
  routes: [
    { index: true, element: <Navigate to="/provider/claims" replace /> },
    { path: 'claims', lazy: page(() => import('../pages/provider/ProviderClaimsPage.tsx')) },
    { path: 'payouts', lazy: page(() => import('../pages/provider/PayoutsPage.tsx')) },
    { path: 'models', lazy: page(() => import('../pages/gateway/ProviderModelsPage.tsx')) },
    { path: 'exchange', lazy: page(() => import('../pages/exchange/ProviderExchangePage.tsx')) },
  ],
};
