import { useTranslation } from 'react-i18next';
import { useGatewayPrices } from '../../api/gateway.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';
import { HowToCall } from './HowToCall.tsx';
import { PriceListTable } from './PriceListTable.tsx';

/** The models on the platform with their prices and filing, and how to call them. */
export default function GatewayModelsPage() {
  const { t } = useTranslation('enterprise');
  const prices = useGatewayPrices();
  return (
    <>
      <PageHeader title={t('gatewayModels.title')} intro={t('gatewayModels.intro')} />
      <QueryView query={prices} isEmpty={(data) => data.items.length === 0}>
        {(data) => <PriceListTable prices={data.items} />}
      </QueryView>
      <HowToCall modelId={prices.data?.items[0]?.modelId} />
    </>
  );
}
