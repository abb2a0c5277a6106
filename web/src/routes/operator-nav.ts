import type { Role } from '../app/session.ts';
import type { NavItem } from './area.ts';

/** Operator staff: the operator admin, reviewers and auditors of the operator tenant. */
export const operatorRoles: readonly Role[] = ['operator-admin', 'reviewer', 'auditor'];

/**
 * The operator area's navigation (its own file, so the operator home page can list it without
 * importing the route table that loads it). Add an entry with each page; `roles` follow the
 * permission table of the actions each page takes.
 */
export const operatorNav: readonly NavItem[] = [
  { path: '/operator', labelKey: 'operator:nav.home' },
  { path: '/operator/review', labelKey: 'operator:nav.review' },
  { path: '/operator/dashboard', labelKey: 'operator:nav.dashboard' },
  { path: '/operator/publications', labelKey: 'operator:nav.publications' },
  {
    path: '/operator/payouts',
    labelKey: 'operator:nav.payouts',
    roles: ['operator-admin', 'reviewer'],
  },
  { path: '/operator/programs', labelKey: 'operator:nav.programs', roles: ['operator-admin'] },
  { path: '/operator/audit', labelKey: 'operator:nav.audit', roles: ['operator-admin', 'auditor'] },
  { path: '/operator/gateway', labelKey: 'operator:nav.gateway' },
  { path: '/operator/exchange', labelKey: 'operator:nav.exchange' },
  {
    path: '/operator/ledger',
    labelKey: 'operator:nav.ledger',
    roles: ['operator-admin', 'auditor'],
  },
];
