import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../api/exchange.ts';
import { cancelOrder } from '../../api/history.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { ErrorState } from '../../components/states.tsx';
import { cancellationOf, type Cancellation } from './order-cancellation.ts';

/**
 * Cancel one order of the enterprise: a confirm dialog that states the rule that applies now
 * (before the start everything is released; after, it ends at the next hour with the subsidy
 * scaled) with its figures, then the cancellation. Nothing when the order can no longer be
 * cancelled.
 */
export function CancelOrderButton({ order }: { order: Order }) {
  const { t } = useTranslation('enterprise');
  const client = useQueryClient();
  const [shown, setShown] = useState<Cancellation | null>(null);
  const cancel = useMutation({
    mutationFn: () => cancelOrder(order.id),
    onSuccess: async () => {
      setShown(null);
      await client.invalidateQueries({ queryKey: ['exchange-orders'] });
    },
  });
  if (cancellationOf(order, new Date()) === null) return null;
  return (
    <>
      <Button
        size="small"
        danger
        data-testid={`cancel-order-${order.contractNumber}`}
        onClick={() => {
          cancel.reset();
          setShown(cancellationOf(order, new Date()));
        }}
      >
        {t('exchange.cancel.button')}
      </Button>
      <Modal
        open={shown !== null}
        title={t('exchange.cancel.title', { contract: order.contractNumber })}
        onCancel={() => setShown(null)}
        footer={[
          <Button key="keep" onClick={() => setShown(null)}>
            {t('exchange.cancel.keep')}
          </Button>,
          <Button
            key="confirm"
            danger
            type="primary"
            loading={cancel.isPending}
            onClick={() => cancel.mutate()}
            data-testid="confirm-cancel-order"
          >
            {t('exchange.cancel.confirm')}
          </Button>,
        ]}
      >
        {shown !== null && <CancellationTerms cancellation={shown} />}
        {cancel.error !== null && <ErrorState error={cancel.error} />}
      </Modal>
    </>
  );
}

function CancellationTerms({ cancellation }: { cancellation: Cancellation }) {
  const { t } = useTranslation('enterprise');
  if (!cancellation.started) {
    return (
      <>
        <Alert type="info" data-testid="cancel-rule" title={t('exchange.cancel.beforeStart')} />
        <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('exchange.cancel.releasedCardHours')}>
            <span data-testid="cancel-released-card-hours">
              {cancellation.releasedCardHours.toString()}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.cancel.releasedAmount')}>
            <Money fen={cancellation.releasedAmountFen} testId="cancel-released-amount" />
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.cancel.subsidyReturned')}>
            <Money fen={cancellation.subsidyFen} testId="cancel-subsidy-returned" />
          </Descriptions.Item>
        </Descriptions>
      </>
    );
  }
  return (
    <>
      <Alert type="warning" data-testid="cancel-rule" title={t('exchange.cancel.afterStart')} />
      <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('exchange.cancel.endsAt')}>
          <DateText value={cancellation.endsAt.toISOString()} withTime />
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.cancel.keptCardHours')}>
          <span data-testid="cancel-kept-card-hours">{cancellation.keptCardHours.toString()}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.cancel.releasedCardHours')}>
          <span data-testid="cancel-released-card-hours">
            {cancellation.releasedCardHours.toString()}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.cancel.keptSubsidy')}>
          <Money fen={cancellation.keptSubsidyFen} testId="cancel-kept-subsidy" /> /{' '}
          <Money fen={cancellation.subsidyFen} />
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
