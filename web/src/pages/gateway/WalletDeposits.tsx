import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWalletDeposits, type WalletDepositRow } from '../../api/history.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { QueryView } from '../../components/states.tsx';

/** The money paid into the enterprise's MaaS wallet: when, how much, the payment it records. */
export function WalletDeposits({ enterpriseId }: { enterpriseId: string | undefined }) {
  const { t } = useTranslation('enterprise');
  const deposits = useWalletDeposits(enterpriseId);
  return (
    <Card title={t('gatewayUsage.deposits')} style={{ marginTop: 16 }}>
      <QueryView query={deposits} isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <Table<WalletDepositRow>
            rowKey="transferId"
            data-testid="wallet-deposits"
            dataSource={data.items}
            pagination={false}
            columns={[
              {
                title: t('gatewayUsage.depositedAt'),
                render: (_, d) => <DateText value={d.depositedAt} withTime />,
              },
              {
                title: t('gatewayUsage.depositAmount'),
                align: 'right',
                render: (_, d) => <Money fen={d.amountFen} testId="deposit-amount" />,
              },
              {
                title: t('gatewayUsage.depositReference'),
                render: (_, d) => d.reference ?? '—',
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
