import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComputeRequest, Order } from '../../api/exchange.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { RequestExplanation } from './RequestExplanation.tsx';

/**
 * Compute requests and what the clearing run made of them: open (waiting for the next run),
 * matched (with the contracts of its orders) or cancelled.
 */
export function RequestsTable({
  requests,
  orders,
}: {
  requests: readonly ComputeRequest[];
  orders: readonly Order[];
}) {
  const { t } = useTranslation('common');
  return (
    <Table<ComputeRequest>
      rowKey="id"
      data-testid="exchange-requests"
      dataSource={[...requests]}
      pagination={false}
      scroll={{ x: 1000 }}
      columns={[
        {
          title: t('exchange.quantity'),
          render: (_, r) => `${r.quantity} ${t(`exchange.units.${r.quantityUnit}`)}`,
        },
        {
          title: t('exchange.accelerators'),
          render: (_, r) =>
            r.acceleratorIds.length === 0
              ? t('exchange.anyAccelerator')
              : r.acceleratorIds.join(', '),
        },
        {
          title: t('exchange.domesticOnly'),
          render: (_, r) => (r.domesticOnly ? t('yes') : t('no')),
        },
        {
          title: t('exchange.window'),
          render: (_, r) => (
            <>
              <DateText value={r.window.from} withTime /> –{' '}
              <DateText value={r.window.to} withTime />
            </>
          ),
        },
        {
          title: t('exchange.maxAfterSubsidy'),
          render: (_, r) => (
            <>
              <Money fen={r.maxPriceAfterSubsidy.fen} /> /{' '}
              {t(`exchange.perUnit.${r.maxPriceAfterSubsidy.per}`)}
            </>
          ),
        },
        { title: t('exchange.state'), render: (_, r) => <StateTag state={r.state} /> },
        {
          title: t('exchange.result'),
          render: (_, r) => {
            const matched = orders.filter((order) => order.requestId === r.id);
            if (matched.length > 0) return matched.map((order) => order.contractNumber).join(', ');
            if (r.state !== 'open') return '—';
            // Open after a clearing run that could not serve it: why, in the enterprise's words.
            if (r.clearing !== null && !r.clearing.served)
              return <RequestExplanation requestId={r.id} explanation={r.clearing} />;
            return t('exchange.waitingForClearing');
          },
        },
      ]}
    />
  );
}
