import { Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  useOrderUsageReports,
  useProviderPayouts,
  type ProviderPayoutRow,
  type ReceivedUsageReport,
} from '../../api/history.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { QueryView } from '../../components/states.tsx';

/**
 * The usage reports received for one order: the hours each covered, accepted with the invoice it
 * made or refused with the code and its sentence.
 */
export function OrderUsageReports({ orderId }: { orderId: string }) {
  const { t } = useTranslation('provider');
  const reports = useOrderUsageReports(orderId);
  return (
    <QueryView
      query={reports}
      isEmpty={(data) => data.items.length === 0}
      empty={<span>{t('exchange.noReports')}</span>}
    >
      {(data) => (
        <Table<ReceivedUsageReport>
          rowKey="reportId"
          size="small"
          data-testid={`usage-reports-${orderId}`}
          dataSource={data.items}
          pagination={false}
          columns={[
            {
              title: t('exchange.reportPeriod'),
              render: (_, r) => (
                <>
                  <DateText value={r.period.from} withTime /> –{' '}
                  <DateText value={r.period.to} withTime />
                </>
              ),
            },
            { title: t('exchange.reportCardHours'), dataIndex: 'cardHours', align: 'right' },
            {
              title: t('exchange.reportReceived'),
              render: (_, r) => <DateText value={r.receivedAt} withTime />,
            },
            {
              title: t('exchange.reportOutcome'),
              render: (_, r) =>
                r.outcome === 'accepted' ? (
                  <Tag color="green" data-outcome="accepted">
                    {t('exchange.reportAccepted')}
                  </Tag>
                ) : (
                  <span data-outcome="refused" data-code={r.refusalCode ?? ''}>
                    <Tag color="red">{t('exchange.reportRefused')}</Tag>
                    <code>{r.refusalCode}</code>{' '}
                    {t(`errors:${r.refusalCode ?? 'UNKNOWN'}`, {
                      defaultValue: t('errors:UNKNOWN'),
                    })}
                  </span>
                ),
            },
            {
              title: t('exchange.reportInvoiced'),
              align: 'right',
              render: (_, r) =>
                r.amountFen === null ? '—' : <Money fen={r.amountFen} testId="report-amount" />,
            },
            {
              title: t('exchange.reportSubsidy'),
              align: 'right',
              render: (_, r) => (r.subsidyFen === null ? '—' : <Money fen={r.subsidyFen} />),
            },
          ]}
        />
      )}
    </QueryView>
  );
}

/** The provider's exchange payouts, with its statement as CSV and XLSX. */
export function ProviderPayoutsCard({ providerId }: { providerId: string }) {
  const { t } = useTranslation('provider');
  const payouts = useProviderPayouts(providerId);
  const statement = `/api/v1/exchange/providers/${providerId}/statement`;
  return (
    <Card
      title={t('exchange.payouts')}
      style={{ marginTop: 16 }}
      extra={
        <Space>
          {t('exchange.statement')}
          <a href={`${statement}.csv`} download data-testid="statement-csv">
            CSV
          </a>
          <a href={`${statement}.xlsx`} download data-testid="statement-xlsx">
            XLSX
          </a>
        </Space>
      }
    >
      <QueryView query={payouts} isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <Table<ProviderPayoutRow>
            rowKey="id"
            data-testid="exchange-payouts"
            dataSource={data.items}
            pagination={false}
            columns={[
              {
                title: t('exchange.payoutDay'),
                render: (_, p) => <DateText value={p.payoutDay} />,
              },
              {
                title: t('exchange.payoutAmount'),
                align: 'right',
                render: (_, p) => <Money fen={p.amountFen} testId="payout-amount" />,
              },
              {
                title: t('exchange.paidAt'),
                render: (_, p) => <DateText value={p.paidAt} withTime />,
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
