import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { useMe, useResetSession } from './session.ts';

/** The signed-in person and sign-out, or the sign-in link for a visitor. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const reset = useResetSession();
  const navigate = useNavigate();
  if (me.data === null || me.data === undefined) {
    return <Link to="/login">{t('common:auth.signIn')}</Link>;
  }
  const signOut = async () => {
    await api.post('/api/v1/auth/logout').catch(() => undefined);
    await reset();
    await navigate('/login');
  };
  return (
    <Space size="small" wrap>
      <Typography.Text data-testid="signed-in-user" className="user-name">
        {me.data.user.displayName}
      </Typography.Text>
      <Button size="small" onClick={() => void signOut()}>
        {t('common:auth.signOut')}
      </Button>
    </Space>
  );
}
