import { Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GatewayModel } from '../../api/gateway.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { RegionName } from '../../components/PartyText.tsx';

// Solid colours with white text (Ant Design's light presets fail WCAG AA contrast).
const healthColors: Record<GatewayModel['health'], string> = {
  up: '#15803d',
  down: '#b91c1c',
  unknown: 'default',
};

/**
 * Catalog offerings as their provider or the operator reads them: prices per million tokens,
 * 备案 (filed) and chip origin, status and the last health check.
 */
export function ModelsTable({ models }: { models: readonly GatewayModel[] }) {
  const { t } = useTranslation('common');
  return (
    <Table<GatewayModel>
      rowKey="id"
      data-testid="gateway-models"
      dataSource={[...models]}
      pagination={false}
      scroll={{ x: 1100 }}
      columns={[
        { title: t('gatewayModels.modelId'), render: (_, m) => <code>{m.modelId}</code> },
        { title: t('gatewayModels.kind'), dataIndex: 'kind' },
        {
          title: t('gatewayModels.inputPrice'),
          align: 'right',
          render: (_, m) => <Money fen={m.inputPriceFenPerMillion} />,
        },
        {
          title: t('gatewayModels.outputPrice'),
          align: 'right',
          render: (_, m) => <Money fen={m.outputPriceFenPerMillion} />,
        },
        {
          title: t('gatewayModels.filed'),
          render: (_, m) =>
            m.filed ? (
              <Tag color="#15803d">{m.filingNumber ?? t('gatewayModels.filedYes')}</Tag>
            ) : (
              <Tag>{t('gatewayModels.notFiled')}</Tag>
            ),
        },
        {
          title: t('exchange.origin'),
          render: (_, m) => t(`exchange.origins.${m.acceleratorOrigin}`),
        },
        { title: t('exchange.region'), render: (_, m) => <RegionName code={m.regionCode} /> },
        {
          title: t('gatewayModels.status'),
          render: (_, m) => t(`gatewayModels.statuses.${m.status}`),
        },
        {
          title: t('gatewayModels.health'),
          render: (_, m) => (
            <Tooltip title={m.healthError ?? undefined}>
              <Tag color={healthColors[m.health]} data-health={m.health} tabIndex={0}>
                {t(`gatewayModels.healths.${m.health}`)}
                {m.healthLatencyMs !== null && ` · ${m.healthLatencyMs} ms`}
              </Tag>
            </Tooltip>
          ),
        },
        {
          title: t('gatewayModels.checkedAt'),
          render: (_, m) => <DateText value={m.healthCheckedAt} withTime />,
        },
      ]}
    />
  );
}
