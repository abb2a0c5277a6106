import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item } from '../../components/ItemList.tsx';
import { Link } from 'react-router';
import { useMe } from '../../app/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { operatorNav } from '../../routes/operator-nav.ts';

/**
 * The operator staff's start page: who is signed in with which roles, and the pages of the
 * operator area their roles open.
 */
export default function OperatorHomePage() {
  const { t } = useTranslation('operator');
  const me = useMe();
  const roles = me.data?.user.roles ?? [];
  const pages = operatorNav.filter(
    (item) => item.roles === undefined || item.roles.some((role) => roles.includes(role)),
  );
  return (
    <>
      <PageHeader title={t('home.title')} intro={t('home.intro')} />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={1}>
          <Descriptions.Item label={t('home.user')}>{me.data?.user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('home.roles')}>
            {roles.map((role) => t(`common:roles.${role}`)).join('、')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <ItemList
        bordered
        header={t('home.pages')}
        dataSource={pages}
        renderItem={(item) => (
          <Item>
            <Link to={item.path}>{t(item.labelKey)}</Link>
          </Item>
        )}
      />
    </>
  );
}
