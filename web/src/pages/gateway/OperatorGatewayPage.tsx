import { Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useGatewayModels } from '../../api/gateway.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';
import { DepositForm } from './DepositForm.tsx';
import { ModelsTable } from './ModelsTable.tsx';
import { recentPeriod } from './usage-period.ts';
import { UsageSummaryTable } from './UsageSummaryTable.tsx';

/**
 * The operator's view of the MaaS gateway: usage of the last 30 days by program, provider or
 * model, wallet deposits, and the catalog with its health.
 */
export default function OperatorGatewayPage() {
  const { t } = useTranslation('operator');
  const [period] = useState(() => recentPeriod(30));
  const models = useGatewayModels();
  return (
    <>
      <PageHeader title={t('gateway.title')} intro={t('gateway.intro')} />
      <Card title={t('gateway.usage')} style={{ marginBottom: 16 }}>
        <UsageSummaryTable groupings={['program', 'provider', 'model']} period={period} />
      </Card>
      <DepositForm />
      <Card title={t('gateway.catalog')}>
        <QueryView query={models} isEmpty={(data) => data.items.length === 0}>
          {(data) => <ModelsTable models={data.items} />}
        </QueryView>
      </Card>
    </>
  );
}
