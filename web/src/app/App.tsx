import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError } from '../api/api-error.ts';
import { usePrefersReducedMotion } from './reduced-motion.ts';
import { router } from './router.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network blip or a 5xx may.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * Ant Design's tokens, with the grey texts and the error red darkened: its defaults (45 % black
 * on white; #ff4d4f, 3.2 : 1, on a danger button's text) fail WCAG AA contrast, which axe-core
 * checks in the browser tests.
 */
const consoleTheme = {
  colorPrimary: '#1d4ed8',
  colorInfo: '#1d4ed8',
  colorLink: '#1d4ed8',
  colorError: '#cf1322',
  borderRadius: 6,
  colorTextSecondary: '#595959',
  colorTextTertiary: '#595959',
  colorTextDescription: '#595959',
  colorTextPlaceholder: '#6b6b6b',
  colorTextDisabled: '#6b6b6b',
};

/**
 * Providers of the whole console: queries, Ant Design in the reader's language (and without
 * animations for a reader who asked for less motion), the router.
 */
export function App() {
  const { i18n } = useTranslation();
  const reducedMotion = usePrefersReducedMotion();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { ...consoleTheme, motion: !reducedMotion } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
