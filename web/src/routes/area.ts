import type { RouteObject } from 'react-router';
import type { Role } from '../app/session.ts';

/** One entry of the navigation: an i18n key (`area:key`), a path, who sees it. */
export interface NavItem {
  path: string;
  labelKey: string;
  /** Roles that see the entry; absent: whoever may open the area. */
  roles?: readonly Role[];
}

/**
 * An area of the console (public, enterprise, provider, operator): its routes, under its own
 * base path, and its navigation. One file per area, so people adding pages to different areas
 * never edit the same lines.
 */
export interface ConsoleArea {
  key: 'public' | 'enterprise' | 'provider' | 'operator';
  /** Path prefix of every route of the area (`/enterprise`), `''` for the public pages. */
  basePath: string;
  /** Roles that may open the area; absent: everyone, signed in or not. */
  roles?: readonly Role[];
  navTitleKey: string;
  nav: readonly NavItem[];
  routes: RouteObject[];
}

/**
 * A code-split page: the module loads when its route is first visited.
 *
 * @example
 * { path: 'programs', lazy: page(() => import('../pages/public/ProgramCatalogPage.tsx')) }
 */
export function page(
  load: () => Promise<{ default: React.ComponentType }>,
): () => Promise<{ Component: React.ComponentType }> {
  return async () => ({ Component: (await load()).default });
}
