import { Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecentCalls } from './RecentCalls.tsx';
import { recentPeriod } from './usage-period.ts';
import { UsageSummaryTable } from './UsageSummaryTable.tsx';
import { WalletBalances } from './WalletBalances.tsx';
import { WalletDeposits } from './WalletDeposits.tsx';

/**
 * The enterprise's MaaS money: wallet and model-voucher balances (refreshing while calls run)
 * and its usage of the last 30 days by key, project, model or day, split voucher / wallet, with
 * its latest calls, and the deposits into its wallet.
 */
export default function GatewayUsagePage() {
  const { t } = useTranslation('enterprise');
  const me = useMe();
  const [period] = useState(() => recentPeriod(30));
  return (
    <>
      <PageHeader title={t('gatewayUsage.title')} intro={t('gatewayUsage.intro')} />
      <WalletBalances enterpriseId={me.data?.user.tenantId} />
      <Card title={t('gatewayUsage.summary')} style={{ marginTop: 16 }}>
        <UsageSummaryTable groupings={['model', 'key', 'project', 'day']} period={period} />
      </Card>
      <Card title={t('gatewayUsage.recent')} style={{ marginTop: 16 }}>
        <RecentCalls enterpriseId={me.data?.user.tenantId} period={period} />
      </Card>
      <WalletDeposits enterpriseId={me.data?.user.tenantId} />
    </>
  );
}
