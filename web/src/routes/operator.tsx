import { page, type ConsoleArea } from './area.ts';
import { operatorNav, operatorRoles } from './operator-nav.ts';

/**
 * Operator, reviewer and auditor pages (program editor, review queue, budget dashboard, 公示
 * management, payouts, audit log, ledger verification): each page a lazy route here and an
 * entry in operator-nav.ts.
 */
export const operatorArea: ConsoleArea = {
  key: 'operator',
  basePath: '/operator',
  roles: operatorRoles,
  navTitleKey: 'operator:nav.title',
  nav: operatorNav,
  routes: [
    { index: true, lazy: page(() => import('../pages/operator/OperatorHomePage.tsx')) },
    { path: 'review', lazy: page(() => import('../pages/operator/ReviewQueuePage.tsx')) },
    { path: 'dashboard', lazy: page(() => import('../pages/operator/BudgetDashboardPage.tsx')) },
    { path: 'payouts', lazy: page(() => import('../pages/operator/PayoutsPage.tsx')) },
    { path: 'publications', lazy: page(() => import('../pages/operator/PublicationsPage.tsx')) },
    { path: 'programs', lazy: page(() => import('../pages/operator/ProgramEditorPage.tsx')) },
    { path: 'audit', lazy: page(() => import('../pages/operator/AuditLogPage.tsx')) },
    { path: 'gateway', lazy: page(() => import('../pages/gateway/OperatorGatewayPage.tsx')) },
    { path: 'exchange', lazy: page(() => import('../pages/exchange/OperatorExchangePage.tsx')) },
    { path: 'ledger', lazy: page(() => import('../pages/operator/LedgerVerificationPage.tsx')) },
  ],
};
