import { Navigate } from 'react-router';
import { page, type ConsoleArea } from './area.ts';

/**
 * An enterprise's own pages: programs it qualifies for, applications, grants, claims; its MaaS
 * gateway keys, usage and balances; the compute exchange's offers, its orders and requests.
 */
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
    // Keys are the admin's (gatewayKey.*); usage and balances every enterprise user's.
    {
      path: '/enterprise/gateway/keys',
      labelKey: 'enterprise:nav.gatewayKeys',
      roles: ['enterprise-admin'],
    },
    { path: '/enterprise/gateway/models', labelKey: 'enterprise:nav.gatewayModels' },
    { path: '/enterprise/gateway/usage', labelKey: 'enterprise:nav.gatewayUsage' },
    { path: '/enterprise/exchange', labelKey: 'enterprise:nav.exchange' },
    { path: '/enterprise/exchange/orders', labelKey: 'enterprise:nav.exchangeOrders' },
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
    { path: 'gateway/keys', lazy: page(() => import('../pages/gateway/GatewayKeysPage.tsx')) },
    { path: 'gateway/models', lazy: page(() => import('../pages/gateway/GatewayModelsPage.tsx')) },
    { path: 'gateway/usage', lazy: page(() => import('../pages/gateway/GatewayUsagePage.tsx')) },
    { path: 'exchange', lazy: page(() => import('../pages/exchange/ExchangeOffersPage.tsx')) },
    {
      path: 'exchange/orders',
      lazy: page(() => import('../pages/exchange/ExchangeOrdersPage.tsx')),
    },
  ],
};
