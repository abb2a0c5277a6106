import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.ts';
import { useComputeRequests, useOrders } from '../../api/exchange.ts';
import { useBalances } from '../../api/vouchers.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';
import { CancelOrderButton } from './CancelOrderButton.tsx';
import { NewRequestForm } from './NewRequestForm.tsx';
import { OrdersTable } from './OrdersTable.tsx';
import { RequestsTable } from './RequestsTable.tsx';

/** The enterprise's exchange orders (usage and settlement) and its compute requests. */
export default function ExchangeOrdersPage() {
  const { t } = useTranslation('enterprise');
  const me = useMe();
  const enterpriseId = me.data?.user.tenantId;
  const orders = useOrders();
  const requests = useComputeRequests();
  const balances = useBalances(enterpriseId);
  const grants = (balances.data?.grants ?? []).filter((grant) => grant.state === 'active');
  return (
    <>
      <PageHeader title={t('exchange.ordersTitle')} intro={t('exchange.ordersIntro')} />
      <Card title={t('exchange.myOrders')} style={{ marginBottom: 16 }}>
        <QueryView query={orders} isEmpty={(data) => data.items.length === 0}>
          {(data) => (
            <OrdersTable
              orders={data.items}
              actions={(order) => <CancelOrderButton order={order} />}
            />
          )}
        </QueryView>
      </Card>
      {enterpriseId !== undefined && <NewRequestForm enterpriseId={enterpriseId} grants={grants} />}
      <Card title={t('exchange.myRequests')}>
        <QueryView query={requests} isEmpty={(data) => data.items.length === 0}>
          {(data) => <RequestsTable requests={data.items} orders={orders.data?.items ?? []} />}
        </QueryView>
      </Card>
    </>
  );
}
