import { useTranslation } from 'react-i18next';
import { useGatewayModels } from '../../api/gateway.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';
import { ModelsTable } from './ModelsTable.tsx';

/** The provider's models in the MaaS catalog: prices, 备案, and whether the upstream answers. */
export default function ProviderModelsPage() {
  const { t } = useTranslation('provider');
  const models = useGatewayModels();
  return (
    <>
      <PageHeader title={t('models.title')} intro={t('models.intro')} />
      <QueryView query={models} isEmpty={(data) => data.items.length === 0}>
        {(data) => <ModelsTable models={data.items} />}
      </QueryView>
    </>
  );
}
