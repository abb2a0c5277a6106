import { Segmented, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useUsageSummary,
  type UsageGrouping,
  type UsagePeriod,
  type UsageSummary,
} from '../../api/gateway.ts';
import { Money } from '../../components/Money.tsx';
import { QueryView } from '../../components/states.tsx';

type Group = UsageSummary['groups'][number];

/**
 * Usage summed by one of `groupings` (an enterprise: key, project, model, day; the operator:
 * program, provider, model), with the whole fen billed split voucher / wallet.
 */
export function UsageSummaryTable({
  groupings,
  period,
  enterpriseId,
}: {
  groupings: readonly UsageGrouping[];
  period: UsagePeriod;
  enterpriseId?: string;
}) {
  const { t } = useTranslation('common');
  const [by, setBy] = useState<UsageGrouping>(groupings[0] ?? 'model');
  const summary = useUsageSummary(by, period, enterpriseId);
  return (
    <>
      <Segmented<UsageGrouping>
        value={by}
        onChange={setBy}
        options={groupings.map((value) => ({ value, label: t(`gatewayUsage.by.${value}`) }))}
        style={{ marginBottom: 12 }}
      />
      <QueryView query={summary}>
        {(data) => (
          <Table<Group>
            rowKey={(group) => group.group ?? '—'}
            data-testid={`usage-by-${data.by}`}
            size="small"
            dataSource={data.groups}
            pagination={false}
            scroll={{ x: 800 }}
            columns={[
              { title: t(`gatewayUsage.by.${data.by}`), render: (_, g) => g.group ?? '—' },
              { title: t('gatewayUsage.calls'), dataIndex: 'calls', align: 'right' },
              { title: t('gatewayUsage.inputTokens'), dataIndex: 'inputTokens', align: 'right' },
              { title: t('gatewayUsage.outputTokens'), dataIndex: 'outputTokens', align: 'right' },
              {
                title: t('gatewayUsage.billed'),
                align: 'right',
                render: (_, g) => <Money fen={g.billedFen} testId={`billed-${g.group ?? ''}`} />,
              },
              {
                title: t('gatewayUsage.voucher'),
                align: 'right',
                render: (_, g) => <Money fen={g.billedVoucherFen} />,
              },
              {
                title: t('gatewayUsage.wallet'),
                align: 'right',
                render: (_, g) => (
                  <Money fen={g.billedWalletFen} testId={`billed-wallet-${g.group ?? ''}`} />
                ),
              },
              {
                title: t('gatewayUsage.latency'),
                align: 'right',
                render: (_, g) => `${g.latencyMsAverage} ms`,
              },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
