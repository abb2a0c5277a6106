import type { Role } from '../app/session.ts';
import type { NavItem } from './area.ts';

/** Operator staff: the operator admin, reviewers and auditors of the operator tenant. */
export const operatorRoles: readonly Role[] = ['operator-admin', 'reviewer', 'auditor'];

/**
 * The operator area's navigation (its own file, so the operator home page can list it without
 * importing the route table that loads it). Add an entry with each page.
 */
export const operatorNav: readonly NavItem[] = [
  { path: '/operator', labelKey: 'operator:nav.home' },
];
