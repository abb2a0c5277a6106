import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe, hasAnyRole } from '../../app/session.ts';
import { runClearing, runProviderPayouts } from '../../api/exchange.ts';
import { ItemList, Item } from '../../components/ItemList.tsx';
import { Money } from '../../components/Money.tsx';
import { ErrorState } from '../../components/states.tsx';

/**
 * Clearing (match the open requests now) and provider payouts on demand — the hourly jobs do
 * both too — with what each run did: orders made, requests left unmatched and why, payouts.
 */
export function ExchangeRuns() {
  const { t } = useTranslation('operator');
  const me = useMe();
  const client = useQueryClient();
  const mayRun = hasAnyRole(me.data, ['operator-admin']);
  const clearing = useMutation({
    mutationFn: runClearing,
    onSuccess: () => client.invalidateQueries({ queryKey: ['exchange-offers'] }),
  });
  const payouts = useMutation({ mutationFn: runProviderPayouts });
  return (
    <Card title={t('exchange.runs')} style={{ marginBottom: 16 }}>
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          disabled={!mayRun}
          loading={clearing.isPending}
          onClick={() => clearing.mutate()}
          data-testid="run-clearing"
        >
          {t('exchange.clear')}
        </Button>
        <Button
          disabled={!mayRun}
          loading={payouts.isPending}
          onClick={() => payouts.mutate()}
          data-testid="run-payouts"
        >
          {t('exchange.payProviders')}
        </Button>
      </Space>
      {clearing.error !== null && <ErrorState error={clearing.error} />}
      {payouts.error !== null && <ErrorState error={payouts.error} />}
      {clearing.data !== undefined && (
        <Descriptions column={1} size="small" bordered data-testid="clearing-result">
          <Descriptions.Item label={t('exchange.considered')}>
            {clearing.data.requestsConsidered}
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.ordersCreated')}>
            {clearing.data.ordersCreated.map((order) => order.contractNumber).join(', ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.unmatched')}>
            <ItemList
              size="small"
              dataSource={clearing.data.unmatched}
              locale={{ emptyText: t('exchange.allMatched') }}
              renderItem={(item) => (
                <Item>
                  <code>{item.requestId.slice(0, 8)}</code> {item.reason}
                </Item>
              )}
            />
          </Descriptions.Item>
        </Descriptions>
      )}
      {payouts.data !== undefined && (
        <ItemList
          size="small"
          data-testid="payouts-result"
          dataSource={payouts.data.items}
          locale={{ emptyText: t('exchange.nothingOwed') }}
          renderItem={(payout) => (
            <Item>
              <code>{payout.providerId.slice(0, 8)}</code> {payout.payoutDay}{' '}
              <Money fen={payout.amountFen} />
            </Item>
          )}
        />
      )}
    </Card>
  );
}
