import { Alert, Button, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../app/session.ts';
import { useOffers, type Offer, type Order } from '../../api/exchange.ts';
import { useBalances } from '../../api/vouchers.ts';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';
import { BuyNowDialog } from './BuyNowDialog.tsx';
import { OffersTable } from './OffersTable.tsx';

type OriginFilter = 'all' | 'domestic' | 'imported';

/** The exchange's open offers, compared; buy now from one with the subsidy shown first. */
export default function ExchangeOffersPage() {
  const { t } = useTranslation('enterprise');
  const me = useMe();
  const enterpriseId = me.data?.user.tenantId;
  const [origin, setOrigin] = useState<OriginFilter>('all');
  const offers = useOffers(origin === 'all' ? {} : { origin });
  const balances = useBalances(enterpriseId);
  const grants = (balances.data?.grants ?? []).filter((grant) => grant.state === 'active');
  const [buying, setBuying] = useState<Offer | undefined>();
  const [bought, setBought] = useState<Order | undefined>();
  return (
    <>
      <PageHeader title={t('exchange.offersTitle')} intro={t('exchange.offersIntro')} />
      <Segmented<OriginFilter>
        value={origin}
        onChange={setOrigin}
        options={(['all', 'domestic', 'imported'] as const).map((value) => ({
          value,
          label: t(`exchange.originFilter.${value}`),
        }))}
        style={{ marginBottom: 12 }}
      />
      {bought !== undefined && (
        <Alert
          type="success"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          data-testid="bought"
          title={t('exchange.bought', { contract: bought.contractNumber })}
          description={
            <>
              {t('exchange.subsidy')} <Money fen={bought.subsidyFen} testId="order-subsidy" /> ·{' '}
              {t('exchange.youPay')} <Money fen={bought.enterpriseShareFen} /> ·{' '}
              <Link to="/enterprise/exchange/orders">{t('exchange.seeOrders')}</Link>
            </>
          }
        />
      )}
      <QueryView query={offers} isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <OffersTable
            offers={data.items}
            action={(offer) => (
              <Button
                size="small"
                type="primary"
                disabled={enterpriseId === undefined}
                onClick={() => setBuying(offer)}
                data-testid={`buy-${offer.accelerator.id}`}
              >
                {t('exchange.buy')}
              </Button>
            )}
          />
        )}
      </QueryView>
      {buying !== undefined && enterpriseId !== undefined && (
        <BuyNowDialog
          offer={buying}
          enterpriseId={enterpriseId}
          grants={grants}
          onClose={() => setBuying(undefined)}
          onBought={(order) => {
            setBuying(undefined);
            setBought(order);
          }}
        />
      )}
    </>
  );
}
