import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOffers } from '../../api/exchange.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';
import { AcceleratorCatalog } from './AcceleratorCatalog.tsx';
import { ExchangeRuns } from './ExchangeRuns.tsx';
import { OffersTable } from './OffersTable.tsx';

/**
 * The operator's exchange: clearing and provider payouts on demand with their results, the
 * accelerator catalog (edited in place), and the open offers.
 */
export default function OperatorExchangePage() {
  const { t } = useTranslation('operator');
  const offers = useOffers();
  return (
    <>
      <PageHeader title={t('exchange.title')} intro={t('exchange.intro')} />
      <ExchangeRuns />
      <AcceleratorCatalog />
      <Card title={t('exchange.offers')}>
        <QueryView query={offers} isEmpty={(data) => data.items.length === 0}>
          {(data) => <OffersTable offers={data.items} />}
        </QueryView>
      </Card>
    </>
  );
}
