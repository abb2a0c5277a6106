import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { consoleAreas } from '../routes/index.ts';
import { hasAnyRole, useMe } from './session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { UserMenu } from './UserMenu.tsx';

/** The navigation the signed-in user's roles open, area by area. */
function useNavigationItems(): MenuProps['items'] {
  const { t } = useTranslation();
  const me = useMe();
  return consoleAreas
    .filter((area) => hasAnyRole(me.data, area.roles))
    .map((area) => ({
      key: area.key,
      type: 'group' as const,
      label: t(area.navTitleKey),
      children: area.nav
        .filter((item) => hasAnyRole(me.data, item.roles ?? area.roles))
        .map((item) => ({ key: item.path, label: <Link to={item.path}>{t(item.labelKey)}</Link> })),
    }));
}

/**
 * The frame of every page: the title, the navigation (a side menu at 1280 px, a drawer at a
 * phone's width), the language switch and the user, and the page in `<main>`.
 */
export function AppShell() {
  const { t } = useTranslation();
  const items = useNavigationItems();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const narrow = screens.lg !== true;
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[location.pathname]}
      onClick={() => setDrawerOpen(false)}
    />
  );
  return (
    <Layout className="app-shell">
      <a className="skip-link" href="#main">
        {t('common:nav.skipToContent')}
      </a>
      <Layout.Header className="app-header">
        {narrow && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            aria-label={t('common:nav.openMenu')}
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <Link to="/" className="app-title">
          {t('common:app.title')}
        </Link>
        <div className="app-header-tools">
          <LanguageSwitch />
          <UserMenu />
        </div>
      </Layout.Header>
      <Layout>
        {!narrow && (
          <Layout.Sider width={232} theme="light" className="app-sider">
            <nav aria-label={t('common:nav.label')}>{menu}</nav>
          </Layout.Sider>
        )}
        {narrow && (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            title={t('common:app.title')}
          >
            <nav aria-label={t('common:nav.label')}>{menu}</nav>
          </Drawer>
        )}
        {/* Ant Design's Content is the page's <main>. */}
        <Layout.Content id="main" className="app-content" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
