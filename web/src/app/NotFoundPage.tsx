import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A console address that names no page. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('common:state.notFoundTitle')}
      subTitle={t('common:state.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common:nav.home')}</Button>
        </Link>
      }
    />
  );
}
