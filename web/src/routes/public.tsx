import { Navigate } from 'react-router';
import { page, type ConsoleArea } from './area.ts';

/** Pages anyone may open without signing in: programs, the calculator, 公示 lists. */
export const publicArea: ConsoleArea = {
  key: 'public',
  basePath: '',
  navTitleKey: 'public:nav.title',
  nav: [
    { path: '/programs', labelKey: 'public:nav.catalog' },
    { path: '/calculator', labelKey: 'public:nav.calculator' },
    { path: '/publications', labelKey: 'public:nav.publications' },
  ],
  routes: [
    { index: true, element: <Navigate to="/programs" replace /> },
    { path: 'programs', lazy: page(() => import('../pages/public/ProgramCatalogPage.tsx')) },
    { path: 'programs/:id', lazy: page(() => import('../pages/public/ProgramPage.tsx')) },
    { path: 'calculator', lazy: page(() => import('../pages/public/CalculatorPage.tsx')) },
    { path: 'publications', lazy: page(() => import('../pages/public/PublicationsPage.tsx')) },
    { path: 'publications/:id', lazy: page(() => import('../pages/public/PublicationPage.tsx')) },
  ],
};
