import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUsageRecords, type UsagePeriod, type UsageRecords } from '../../api/gateway.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { QueryView } from '../../components/states.tsx';

type UsageRecord = UsageRecords['items'][number];

/** The enterprise's latest calls, one line each: model, tokens, status and the fen it billed. */
export function RecentCalls({
  enterpriseId,
  period,
}: {
  enterpriseId: string | undefined;
  period: UsagePeriod;
}) {
  const { t } = useTranslation('common');
  const records = useUsageRecords(enterpriseId, period);
  return (
    <QueryView query={records} isEmpty={(data) => data.items.length === 0}>
      {(data) => (
        <Table<UsageRecord>
          rowKey="id"
          size="small"
          data-testid="recent-calls"
          dataSource={data.items}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('gatewayUsage.at'),
              render: (_, r) => <DateText value={r.createdAt} withTime />,
            },
            { title: t('gatewayUsage.by.model'), render: (_, r) => <code>{r.modelId}</code> },
            {
              title: t('gatewayUsage.status'),
              render: (_, r) => t(`gatewayUsage.statuses.${r.status}`),
            },
            { title: t('gatewayUsage.inputTokens'), dataIndex: 'inputTokens', align: 'right' },
            { title: t('gatewayUsage.outputTokens'), dataIndex: 'outputTokens', align: 'right' },
            {
              title: t('gatewayUsage.billed'),
              align: 'right',
              render: (_, r) => <Money fen={r.billedFen} />,
            },
            {
              title: t('gatewayUsage.voucher'),
              align: 'right',
              render: (_, r) => <Money fen={r.billedVoucherFen} />,
            },
            {
              title: t('gatewayUsage.wallet'),
              align: 'right',
              render: (_, r) => <Money fen={r.billedWalletFen} />,
            },
            { title: t('gatewayUsage.latency'), render: (_, r) => `${r.latencyMs} ms` },
          ]}
        />
      )}
    </QueryView>
  );
}
