import { Table } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../api/exchange.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { StateTag } from '../../components/StateTag.tsx';

/**
 * Exchange orders with what they cost and how far they are settled: card-hours bought and
 * reported, the amount, the subsidy and the enterprise's share, and what was invoiced so far;
 * `actions` adds a column (the enterprise's cancel), `details` an expandable row per order (the
 * provider's usage reports).
 */
export function OrdersTable({
  orders,
  actions,
  details,
}: {
  orders: readonly Order[];
  actions?: (order: Order) => ReactNode;
  details?: (order: Order) => ReactNode;
}) {
  const { t } = useTranslation('common');
  return (
    <Table<Order>
      rowKey="id"
      data-testid="exchange-orders"
      dataSource={[...orders]}
      pagination={false}
      scroll={{ x: 1200 }}
      {...(details === undefined ? {} : { expandable: { expandedRowRender: details } })}
      columns={[
        { title: t('exchange.contract'), dataIndex: 'contractNumber' },
        { title: t('exchange.accelerator'), dataIndex: 'acceleratorId' },
        { title: t('exchange.cards'), dataIndex: 'cards', align: 'right' },
        {
          title: t('exchange.window'),
          render: (_, order) => (
            <>
              <DateText value={order.window.from} withTime /> –{' '}
              <DateText value={order.window.to} withTime />
            </>
          ),
        },
        {
          title: t('exchange.amount'),
          align: 'right',
          render: (_, order) => <Money fen={order.amountFen} />,
        },
        {
          title: t('exchange.subsidy'),
          align: 'right',
          render: (_, order) => <Money fen={order.subsidyFen} />,
        },
        {
          title: t('exchange.enterpriseShare'),
          align: 'right',
          render: (_, order) => <Money fen={order.enterpriseShareFen} />,
        },
        {
          title: t('exchange.used'),
          align: 'right',
          render: (_, order) => `${order.settledCardHours} / ${order.cardHours}`,
        },
        {
          title: t('exchange.settled'),
          align: 'right',
          render: (_, order) => <Money fen={order.settledFen} />,
        },
        {
          title: t('exchange.settledSubsidy'),
          align: 'right',
          render: (_, order) => <Money fen={order.settledSubsidyFen} />,
        },
        { title: t('exchange.state'), render: (_, order) => <StateTag state={order.state} /> },
        ...(actions === undefined
          ? []
          : [
              {
                key: 'actions',
                title: t('exchange.actions'),
                render: (_: unknown, order: Order) => actions(order),
              },
            ]),
      ]}
    />
  );
}
