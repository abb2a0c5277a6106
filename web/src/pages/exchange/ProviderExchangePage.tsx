import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.ts';
import { useOffers, useOrders } from '../../api/exchange.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';
import { NewOfferForm } from './NewOfferForm.tsx';
import { OfferActions } from './OfferActions.tsx';
import { OffersTable } from './OffersTable.tsx';
import { OrdersTable } from './OrdersTable.tsx';
import { OrderUsageReports, ProviderPayoutsCard } from './ProviderHistory.tsx';

/**
 * A provider on the exchange: its open offers (edit, withdraw, and a new one), the orders that pay it with the
 * card-hours its signed usage reports settled, and its statement of invoices and payouts.
 */
export default function ProviderExchangePage() {
  const { t } = useTranslation('provider');
  const me = useMe();
  const providerId = me.data?.user.tenantId;
  const offers = useOffers(providerId === undefined ? {} : { providerId });
  const orders = useOrders();
  return (
    <>
      <PageHeader title={t('exchange.title')} intro={t('exchange.intro')} />
      {providerId !== undefined && <NewOfferForm providerId={providerId} />}
      <Card title={t('exchange.myOffers')} style={{ marginBottom: 16 }}>
        <QueryView query={offers} isEmpty={(data) => data.items.length === 0}>
          {(data) => (
            <OffersTable offers={data.items} action={(offer) => <OfferActions offer={offer} />} />
          )}
        </QueryView>
      </Card>
      <Card title={t('exchange.ordersPayingMe')}>
        <QueryView query={orders} isEmpty={(data) => data.items.length === 0}>
          {(data) => (
            <OrdersTable
              orders={data.items}
              details={(order) => <OrderUsageReports orderId={order.id} />}
            />
          )}
        </QueryView>
      </Card>
      {providerId !== undefined && <ProviderPayoutsCard providerId={providerId} />}
    </>
  );
}
