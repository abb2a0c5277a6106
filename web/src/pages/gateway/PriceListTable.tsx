import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GatewayPrice } from '../../api/gateway.ts';
import { Money } from '../../components/Money.tsx';
import { RegionName } from '../../components/PartyText.tsx';

/**
 * The models an enterprise may call, with what they cost per million tokens (yuan) and what
 * programs look at: 备案 (filed) and the chip origin the model runs on.
 */
export function PriceListTable({ prices }: { prices: readonly GatewayPrice[] }) {
  const { t } = useTranslation('common');
  return (
    <Table<GatewayPrice>
      rowKey={(price) => `${price.modelId} ${price.providerId}`}
      data-testid="gateway-prices"
      dataSource={[...prices]}
      pagination={false}
      scroll={{ x: 900 }}
      columns={[
        { title: t('gatewayModels.modelId'), render: (_, p) => <code>{p.modelId}</code> },
        { title: t('gatewayModels.kind'), dataIndex: 'kind' },
        {
          title: t('gatewayModels.inputPrice'),
          align: 'right',
          render: (_, p) => <Money fen={p.inputPriceFenPerMillion} />,
        },
        {
          title: t('gatewayModels.outputPrice'),
          align: 'right',
          render: (_, p) => <Money fen={p.outputPriceFenPerMillion} />,
        },
        {
          title: t('gatewayModels.filed'),
          render: (_, p) =>
            p.filed ? (
              <Tag color="#15803d" data-filed="true">
                {p.filingNumber ?? t('gatewayModels.filedYes')}
              </Tag>
            ) : (
              <Tag data-filed="false">{t('gatewayModels.notFiled')}</Tag>
            ),
        },
        {
          title: t('exchange.origin'),
          render: (_, p) => t(`exchange.origins.${p.acceleratorOrigin}`),
        },
        { title: t('exchange.region'), render: (_, p) => <RegionName code={p.regionCode} /> },
        { title: t('gatewayModels.context'), dataIndex: 'contextTokensMax', align: 'right' },
      ]}
    />
  );
}
