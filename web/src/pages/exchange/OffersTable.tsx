import { Table, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Offer } from '../../api/exchange.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { RegionName } from '../../components/PartyText.tsx';
import { formatRateBps } from '../../format/money.ts';

/**
 * Offers as a buyer compares them: accelerator and its origin, price per card-hour and per SCU,
 * where (region and hub), PUE, green share, cards free and the window; `action` per row.
 */
export function OffersTable({
  offers,
  action,
}: {
  offers: readonly Offer[];
  action?: (offer: Offer) => ReactNode;
}) {
  const { t } = useTranslation('common');
  return (
    <Table<Offer>
      rowKey="id"
      data-testid="exchange-offers"
      dataSource={[...offers]}
      pagination={false}
      scroll={{ x: 1100 }}
      columns={[
        {
          title: t('exchange.accelerator'),
          render: (_, offer) => `${offer.accelerator.vendor} ${offer.accelerator.model}`,
        },
        {
          title: t('exchange.origin'),
          render: (_, offer) => (
            <Tag color={offer.accelerator.origin === 'domestic' ? '#15803d' : 'default'}>
              {t(`exchange.origins.${offer.accelerator.origin}`)}
            </Tag>
          ),
        },
        {
          title: t('exchange.pricePerCardHour'),
          align: 'right',
          render: (_, offer) => <Money fen={offer.pricePerCardHourFen} />,
        },
        {
          title: t('exchange.pricePerScu'),
          align: 'right',
          render: (_, offer) => <Money fen={offer.pricePerScuFen} />,
        },
        {
          title: t('exchange.region'),
          render: (_, offer) => (
            <>
              <RegionName code={offer.regionCode} />
              {offer.hub !== null && <Tag style={{ marginLeft: 4 }}>{offer.hub}</Tag>}
            </>
          ),
        },
        { title: 'PUE', render: (_, offer) => (offer.pueMilli / 1000).toFixed(2) },
        { title: t('exchange.greenShare'), render: (_, o) => formatRateBps(o.greenShareBps) },
        {
          title: t('exchange.cardsFree'),
          align: 'right',
          render: (_, offer) => `${offer.cardsFreeMin ?? offer.cardCount} / ${offer.cardCount}`,
        },
        {
          title: t('exchange.window'),
          render: (_, offer) => (
            <>
              <DateText value={offer.window.from} withTime /> –{' '}
              <DateText value={offer.window.to} withTime />
            </>
          ),
        },
        ...(action === undefined
          ? []
          : [{ title: '', render: (_: unknown, o: Offer) => action(o) }]),
      ]}
    />
  );
}
